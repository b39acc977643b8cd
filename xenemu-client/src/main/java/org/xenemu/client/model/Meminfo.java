package org.xenemu.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A guest's memory figures as JSON ({@code GET /domains/{domid}/meminfo}; the text form is
 * {@code /procfs/meminfo}). All in KiB.
 *
 * @param memTotalKiB     MemTotal
 * @param memFreeKiB      MemFree
 * @param memAvailableKiB MemAvailable
 * @param cachedKiB       Cached
 * @param swapTotalKiB    SwapTotal
 * @param swapFreeKiB     SwapFree
 * @param anonPagesKiB    AnonPages
 * @param shmemKiB        Shmem
 * @param slabKiB         Slab
 * @param commitLimitKiB  CommitLimit
 * @param committedAsKiB  Committed_AS
 * @param frontswapKiB    pages in frontswap × 4
 * @param nommu           a no-MMU guest
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Meminfo(long memTotalKiB, long memFreeKiB, long memAvailableKiB, long cachedKiB, long swapTotalKiB,
                      long swapFreeKiB, long anonPagesKiB, long shmemKiB, long slabKiB, long commitLimitKiB,
                      long committedAsKiB, long frontswapKiB, boolean nommu) {
}
