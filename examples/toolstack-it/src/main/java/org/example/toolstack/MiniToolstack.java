package org.example.toolstack;

import org.xenemu.client.XenemuClient;
import org.xenemu.client.model.Domain;
import org.xenemu.client.model.DomainSpec;
import org.xenemu.client.xs.XsClient;

/**
 * A tiny toolstack, the kind of code whose tests xenemu exists for: it builds domains through the
 * host's API and sets memory targets the way libxl's {@code xl mem-set} does, over xenstore's
 * native socket: in one transaction (retried on EAGAIN), it reads {@code memory/static-max},
 * refuses a target above it, and writes {@code memory/target}. The guest's balloon driver, which
 * watches that key, does the rest.
 */
public final class MiniToolstack {
    private final XenemuClient host;
    private final XsClient xenstore;

    public MiniToolstack(XenemuClient host, XsClient xenstore) {
        this.host = host;
        this.xenstore = xenstore;
    }

    /** Creates a PV guest; answers its domid. */
    public int createGuest(String name, long memoryKiB, long staticMaxKiB) {
        Domain d = host.domains().create(DomainSpec.builder(name, memoryKiB).staticMaxKiB(staticMaxKiB).build());
        return d.domid();
    }

    /** Like {@code xl mem-set}: sets the guest's balloon target in KiB. */
    public void setTarget(int domid, long kib) {
        String home = xenstore.getDomainPath(domid);
        xenstore.transaction(tx -> {
            long staticMax = Long.parseLong(tx.readString(home + "/memory/static-max"));
            if (kib > staticMax) {
                throw new IllegalArgumentException("target " + kib + " KiB is above static-max " + staticMax + " KiB");
            }
            tx.write(home + "/memory/target", Long.toString(kib));
            return null;
        });
    }

    /** The target xenstore holds for the guest. */
    public long target(int domid) {
        return Long.parseLong(xenstore.readString(xenstore.getDomainPath(domid) + "/memory/target"));
    }

    /** What the guest owns now, as its balloon driver reports it. */
    public long currentKiB(int domid) {
        return host.guest(domid).currentKiB();
    }

    /** Destroys a guest. */
    public void destroy(int domid) {
        host.domains().destroy(domid);
    }
}
