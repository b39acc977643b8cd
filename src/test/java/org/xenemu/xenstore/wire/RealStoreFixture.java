package org.xenemu.xenstore.wire;

import java.nio.file.Path;
import org.xenemu.xenstore.WatchSink;
import org.xenemu.xenstore.XenstoreEngine;
import org.xenemu.xenstore.XsConnection;
import org.xenemu.xenstore.store.Quotas;

/** The real xenstore core behind the socket server, in-process, on a temporary run directory. */
final class RealStoreFixture implements AutoCloseable {
    final XenstoreEngine store;
    final WireService service;
    final XsConnection admin;

    RealStoreFixture(Path runDir) {
        this(runDir, WireLimits.DEFAULT);
    }

    RealStoreFixture(Path runDir, WireLimits limits) {
        this(runDir, limits, 0);
    }

    /** {@code maxIntroducedDomains} as {@code xenemu.xenstore.max-introduced-domains}; 0 = no bound. */
    RealStoreFixture(Path runDir, WireLimits limits, int maxIntroducedDomains) {
        store = new XenstoreEngine(Quotas.DEFAULTS, maxIntroducedDomains);
        service = new WireService(store, runDir, limits, 1);
        service.start();
        admin = store.connect(0, true, WatchSink.DISCARD);
    }

    Path dom0Socket() {
        return service.socketPath();
    }

    /**
     * What a toolstack does to create a guest: its home with name and domid, owned by the guest
     * (readable by dom0 through ownership), then INTRODUCE. Returns the guest's socket path.
     */
    Path createGuest(int domid, String name) {
        String home = "/local/domain/" + domid;
        admin.mkdir(0, home);
        admin.setPerms(0, home, java.util.List.of("n" + domid, "r0"));
        admin.write(0, home + "/name", name.getBytes());
        admin.write(0, home + "/domid", Integer.toString(domid).getBytes());
        admin.mkdir(0, home + "/data");
        admin.introduce(domid, 1000 + domid, 1);
        return service.domainSocketPath(domid);
    }

    @Override
    public void close() {
        admin.close();
        service.stop();
    }
}
