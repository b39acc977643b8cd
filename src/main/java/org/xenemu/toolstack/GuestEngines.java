package org.xenemu.toolstack;

import java.util.Optional;
import org.xenemu.guest.GuestDomain;
import org.xenemu.guest.GuestFacade;
import org.xenemu.guest.kernel.GuestKernel;
import org.xenemu.host.Host;

/** The guest engines of a domain (workload, overcommit, reclaim, meminfo), with tmem on the host. */
final class GuestEngines implements DomainEngine {
    private final GuestFacade guests;
    private final Host host;

    GuestEngines(GuestFacade guests, Host host) {
        this.guests = guests;
        this.host = host;
    }

    @Override
    public void attach(Domain domain) {
        guests.attach(domain.kernel(), new HostTmem(host, domain.domid()));
    }

    @Override
    public void detach(Domain domain) {
        guests.detach(domain.domid());
    }

    // ---- snapshots ----

    Optional<GuestDomain.State> capture(int domid) {
        return guests.capture(domid);
    }

    GuestDomain prepare(GuestKernel kernel, GuestDomain.State saved) {
        return guests.prepare(kernel, new HostTmem(host, kernel.domid()), saved);
    }

    void restore(GuestDomain guest, GuestDomain.State saved) {
        guests.restore(guest, saved);
    }

    void clearForRestore() {
        guests.clearForRestore();
    }
}
