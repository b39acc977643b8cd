package org.xenemu.host;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code round-robin}: the seed's original behaviour — page by page across the nodes in turn,
 * from a cursor that persists across requests (and across policy switches), skipping nodes with
 * nothing free. Done in whole rounds for speed: with three open nodes and cursor 0, 7 pages are
 * 3, 2, 2 and the cursor moves to node 1. The home node plays no part.
 */
final class RoundRobinAllocator implements Allocator {
    private final int nodes;
    private int cursor;

    RoundRobinAllocator(int nodes) {
        this.nodes = nodes;
    }

    @Override
    public long grant(long pages, int home, long[] free, long[] grant) {
        Arrays.fill(grant, 0);
        long left = pages;
        while (left > 0) {
            List<Integer> open = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                int n = (cursor + i) % nodes;
                if (free[n] - grant[n] > 0) {
                    open.add(n);
                }
            }
            if (open.isEmpty()) {
                break;
            }
            long perNode = left / open.size();
            if (perNode == 0) {
                for (int i = 0; i < left; i++) {
                    grant[open.get(i)]++;
                }
                cursor = (open.get((int) left - 1) + 1) % nodes;
                left = 0;
                break;
            }
            for (int n : open) {
                long share = Math.min(perNode, free[n] - grant[n]);
                grant[n] += share;
                left -= share;
            }
        }
        return pages - left;
    }

    /** Where the next grant starts (snapshots). */
    int cursor() {
        return cursor;
    }

    void setCursor(int node) {
        this.cursor = node;
    }
}
