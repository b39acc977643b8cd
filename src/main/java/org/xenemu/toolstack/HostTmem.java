package org.xenemu.toolstack;

import org.xenemu.guest.TmemPort;
import org.xenemu.host.Host;

/** One domain's tmem on the {@link Host}, as its guest's frontswap uses it ({@link TmemPort}). */
public final class HostTmem implements TmemPort {
    private final Host host;
    private final int domid;

    public HostTmem(Host host, int domid) {
        this.host = host;
        this.domid = domid;
    }

    @Override
    public long put(long pages) {
        return host.tmemPut(domid, pages);
    }

    @Override
    public void release(long pages) {
        host.tmemRelease(domid, pages);
    }
}
