package org.xenemu.guest;

/**
 * The JSON view of a guest's memory ({@code GET /domains/{domid}/meminfo} and the {@code meminfo}
 * part of {@code GET /domains/{domid}}): the figures of {@code /proc/meminfo}, in KiB.
 */
public record MeminfoView(long memTotalKiB, long memFreeKiB, long memAvailableKiB, long cachedKiB, long swapTotalKiB,
                          long swapFreeKiB, long anonPagesKiB, long shmemKiB, long slabKiB, long commitLimitKiB,
                          long committedAsKiB, long frontswapKiB, boolean nommu) {
    public static MeminfoView of(Meminfo m) {
        return new MeminfoView(m.totalPages() * 4, m.freePages() * 4, m.availablePages() * 4,
                m.cachedPages() * 4, m.swapTotalPages() * 4, m.swapFreePages() * 4, m.anonPages() * 4,
                m.shmemPages() * 4, m.slabPages() * 4, m.commitLimitPages() << 2, m.committedPages() * 4,
                m.frontswapPages() * 4, m.nommu());
    }
}
