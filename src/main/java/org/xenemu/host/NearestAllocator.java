package org.xenemu.host;

import java.util.Arrays;

/**
 * {@code nearest}: concentric circles from the home node — all it can from the nearest node, then
 * the next nearest (ties by node id). With two nodes of 100 free pages and home 1, 150 pages come
 * as 100 from node 1 and 50 from node 0. Also how tmem pages are placed, whatever the policy.
 */
final class NearestAllocator implements Allocator {
    private final NumaTopology topology;

    NearestAllocator(NumaTopology topology) {
        this.topology = topology;
    }

    @Override
    public long grant(long pages, int home, long[] free, long[] grant) {
        Arrays.fill(grant, 0);
        long left = pages;
        for (int n : topology.nearestFirst(home)) {
            long share = Math.min(left, free[n]);
            grant[n] = share;
            left -= share;
            if (left == 0) {
                break;
            }
        }
        return pages - left;
    }
}
