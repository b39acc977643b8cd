package org.xenemu.toolstack;

import java.util.Optional;
import org.xenemu.selfballoon.SelfballoonFacade;
import org.xenemu.selfballoon.Selfballooner;

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

    // ---- snapshots ----

    Optional<Selfballooner.State> capture(int domid) {
        return selfballoons.capture(domid);
    }

    Selfballooner prepare(Domain domain, Selfballooner.State saved) {
        return selfballoons.prepare(saved, new DomainSelfballoonGuest(domain));
    }

    void restore(Selfballooner driver) {
        selfballoons.restore(driver);
    }

    void clearForRestore() {
        selfballoons.clearForRestore();
    }
}
