package org.xenemu.toolstack;

import org.xenemu.guest.kernel.GuestKernel;
import org.xenemu.units.Pages;

/**
 * The meminfo of a domain view read from the kernel alone, for a composition without guest
 * engines (the service always has them; a scenario or a test may not): the same member names as
 * {@code guest.MeminfoView}, a subset of its members. SwapFree leaves out the slots frontswap
 * pages hold, as the full view does.
 */
public record MeminfoSummary(long memTotalKiB, long memFreeKiB, long memAvailableKiB, long cachedKiB, long slabKiB,
                             long anonPagesKiB, long swapTotalKiB, long swapFreeKiB, long committedAsKiB) {
    static MeminfoSummary of(GuestKernel k) {
        return new MeminfoSummary(Pages.toKiB(k.totalramPages()), Pages.toKiB(k.freePages()),
                Pages.toKiB(k.memAvailablePages()), Pages.toKiB(k.filePages()), Pages.toKiB(k.slabPages()),
                Pages.toKiB(k.anonPages()), Pages.toKiB(k.swapTotalPages()),
                Pages.toKiB(k.swapTotalPages() - k.swapUsedPages() - k.frontswapPages()),
                Pages.toKiB(k.committedAsPages()));
    }
}
