package org.xenemu.toolstack;

import org.xenemu.selfballoon.SelfballoonFacade;

/** A domain's selfballoon driver, reading its kernel and setting its balloon driver's target. */
final class SelfballoonEngine implements DomainEngine {
    private final SelfballoonFacade selfballoons;

    SelfballoonEngine(SelfballoonFacade selfballoons) {
        this.selfballoons = selfballoons;
    }

    @Override
    public void attach(Domain domain) {
        selfballoons.attach(new DomainSelfballoonGuest(domain));
    }

    @Override
    public void detach(Domain domain) {
        selfballoons.detach(domain.domid());
    }
}
