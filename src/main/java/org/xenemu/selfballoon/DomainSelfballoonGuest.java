package org.xenemu.selfballoon;

import org.xenemu.balloon.TargetSource;
import org.xenemu.guest.GuestKernel;
import org.xenemu.host.Domain;
import org.xenemu.host.Host;

/**
 * A real domain as the selfballoon worker sees it: counters from its {@link GuestKernel}, the
 * target to its balloon driver, frontswap pages back from the {@link Host}'s tmem.
 */
final class DomainSelfballoonGuest implements SelfballoonGuest {
    private final Domain domain;
    private final GuestKernel kernel;
    private final Host host;

    DomainSelfballoonGuest(Domain domain, Host host) {
        this.domain = domain;
        this.kernel = domain.kernel();
        this.host = host;
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
     * Delegates to the workload engine's {@link FrontswapShrinker} when one is attached. Otherwise
     * the pages come back at counter level: at most what is free in the guest, each page leaving
     * tmem (host) and the swap slots and becoming resident anonymous memory.
     */
    @Override
    public long frontswapShrink(long targetPages) {
        var shrinker = kernel.attachment(FrontswapShrinker.class);
        if (shrinker.isPresent()) {
            return shrinker.get().shrinkTo(targetPages);
        }
        long before = kernel.frontswapPages();
        long moved = Math.min(Math.max(0, before - targetPages), kernel.freePages());
        if (moved > 0) {
            host.tmemRelease(domain.domid(), moved);
            kernel.setFrontswapPages(before - moved);
            kernel.setSwapUsedPages(Math.max(0, kernel.swapUsedPages() - moved));
            kernel.setAnonPages(kernel.anonPages() + moved);
        }
        return kernel.frontswapPages();
    }
}
