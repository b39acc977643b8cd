package org.xenemu.guest;

import static org.xenemu.units.Pages.toKiB;

import org.xenemu.guest.kernel.Meminfo;

/**
 * The JSON view of a guest's memory ({@code GET /domains/{domid}/meminfo} and the {@code meminfo}
 * part of {@code GET /domains/{domid}}): the figures of {@code /proc/meminfo}, in KiB.
 */
public record MeminfoView(long memTotalKiB, long memFreeKiB, long memAvailableKiB, long cachedKiB, long swapTotalKiB,
                          long swapFreeKiB, long anonPagesKiB, long shmemKiB, long slabKiB, long commitLimitKiB,
                          long committedAsKiB, long frontswapKiB, boolean nommu) {
    public static MeminfoView of(Meminfo m) {
        return new MeminfoView(toKiB(m.totalPages()), toKiB(m.freePages()), toKiB(m.availablePages()),
                toKiB(m.cachedPages()), toKiB(m.swapTotalPages()), toKiB(m.swapFreePages()), toKiB(m.anonPages()),
                toKiB(m.shmemPages()), toKiB(m.slabPages()), toKiB(m.commitLimitPages()), toKiB(m.committedPages()),
                toKiB(m.frontswapPages()), m.nommu());
    }
}
