package org.xenemu.toolstack;

import org.xenemu.guest.GuestFacade;
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
}
