package org.xenemu.toolstack;

import org.xenemu.balloon.TargetSource;
import org.xenemu.guest.kernel.GuestKernel;
import org.xenemu.selfballoon.SelfballoonGuest;

/**
 * A real domain as the selfballoon worker sees it ({@link SelfballoonGuest}): counters from its
 * {@link GuestKernel}, the target to its balloon driver, frontswap shrink through the guest
 * engines behind the kernel.
 */
final class DomainSelfballoonGuest implements SelfballoonGuest {
    private final Domain domain;
    private final GuestKernel kernel;

    DomainSelfballoonGuest(Domain domain) {
        this.domain = domain;
        this.kernel = domain.kernel();
    }

    @Override
    public int domid() {
        return domain.domid();
    }

    @Override
    public boolean isDom0() {
        return domain.isDom0();
    }

    @Override
    public boolean tmemEnabled() {
        return kernel.tmemEnabled();
    }

    @Override
    public long totalramPages() {
        return kernel.totalramPages();
    }

    @Override
    public long committedAsPages() {
        return kernel.committedAsPages();
    }

    @Override
    public long totalreservePages() {
        return kernel.totalreservePages();
    }

    @Override
    public long maxPfn() {
        return kernel.maxPfn();
    }

    @Override
    public long currentPages() {
        return kernel.currentPages();
    }

    @Override
    public long frontswapPages() {
        return kernel.frontswapPages();
    }

    @Override
    public void setBalloonTarget(long targetPages) {
        domain.balloon().setTarget(targetPages, TargetSource.SELFBALLOON);
    }

    /**
     * {@code frontswap_shrink}: the guest workload engine attached to the kernel swaps pages back in
     * from host tmem (oldest segments first) while free memory lasts; without one nothing moves.
     */
    @Override
    public long frontswapShrink(long targetPages) {
        return kernel.frontswapShrink(targetPages);
    }
}
