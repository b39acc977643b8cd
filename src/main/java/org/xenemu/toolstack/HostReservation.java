package org.xenemu.toolstack;

import org.xenemu.balloon.Reservation;
import org.xenemu.host.Host;

/** Xen's increase/decrease_reservation for one domain: its account on the {@link Host}. */
public final class HostReservation implements Reservation {
    private final Host host;
    private final int domid;

    public HostReservation(Host host, int domid) {
        this.host = host;
        this.domid = domid;
    }

    @Override
    public int nodes() {
        return host.nodeCount();
    }

    @Override
    public long increase(long pages, long[] perNode) {
        return host.allocate(domid, pages, perNode);
    }

    @Override
    public long decrease(long pages, long[] perNode) {
        return host.free(domid, pages, perNode);
    }
}
