package org.xenemu.units;

/**
 * The one percentile xenemu reports (the scenario reports' bands, the dashboard's fleet): nearest
 * rank, the value at position ⌈p·m/100⌉ (1-based, at least 1) of the m values sorted ascending,
 * in integers only.
 */
public final class NearestRank {
    private NearestRank() {
    }

    /** The {@code percent}-th percentile of the first {@code count} (≥ 1) values of {@code sorted}. */
    public static long of(long[] sorted, int count, int percent) {
        if (count < 1 || count > sorted.length) {
            throw new IllegalArgumentException("count " + count + " of " + sorted.length + " values");
        }
        long scaled = (long) percent * count;
        int position = (int) (scaled / 100 + (scaled % 100 == 0 ? 0 : 1));
        return sorted[Math.max(0, position - 1)];
    }
}
