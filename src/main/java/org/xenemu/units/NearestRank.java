package org.xenemu.units;

import java.util.Arrays;

/**
 * The one percentile xenemu reports (the scenario reports' bands, the dashboard's fleet): nearest
 * rank, the value at position ⌈p·m/100⌉ (1-based, at least 1) of the m values sorted ascending,
 * in integers only.
 */
public final class NearestRank {
    /** Below this many values a range is finished by insertion sort. */
    private static final int SMALL = 16;

    private NearestRank() {
    }

    /** The {@code percent}-th percentile of the first {@code count} (≥ 1) values of {@code sorted}. */
    public static long of(long[] sorted, int count, int percent) {
        verifyCount(count, sorted.length);
        return sorted[position(count, percent)];
    }

    /**
     * Several percentiles of the first {@code count} (≥ 1) values of {@code values}, unsorted, into
     * {@code out}: the same numbers as sorting them and calling {@link #of} for each, in linear
     * time rather than a sort's (a report takes three percentiles of a thousand domains at each of
     * 1,440 samples). {@code percents} must ascend. The first {@code count} values are reordered.
     */
    public static void select(long[] values, int count, int[] percents, long[] out) {
        verifyCount(count, values.length);
        int from = 0;
        for (int i = 0; i < percents.length; i++) {
            int k = position(count, percents[i]);
            if (k < from) {
                throw new IllegalArgumentException("percents must ascend: " + Arrays.toString(percents));
            }
            nth(values, from, count, k);
            out[i] = values[k];
            // everything before k is now at most values[k], everything after at least: a higher
            // rank is found among the values from k on
            from = k;
        }
    }

    private static void verifyCount(int count, int length) {
        if (count < 1 || count > length) {
            throw new IllegalArgumentException("count " + count + " of " + length + " values");
        }
    }

    /** 0-based index of the nearest rank. */
    private static int position(int count, int percent) {
        long scaled = (long) percent * count;
        int position = (int) (scaled / 100 + (scaled % 100 == 0 ? 0 : 1));
        return Math.max(0, position - 1);
    }

    /**
     * Puts the value of rank {@code k} among {@code a[from..to)} at index {@code k}, the smaller or
     * equal ones before it and the larger or equal ones after it: quickselect with a median-of-three
     * pivot, falling back to a sort of what remains after too many rounds (so never quadratic).
     */
    private static void nth(long[] a, int from, int to, int k) {
        int lo = from;
        int hi = to - 1;
        int rounds = 2 * (32 - Integer.numberOfLeadingZeros(to - from)) + 4;
        while (hi - lo > SMALL) {
            if (rounds-- == 0) {
                Arrays.sort(a, lo, hi + 1);
                return;
            }
            int mid = (lo + hi) >>> 1;
            if (a[mid] < a[lo]) {
                swap(a, mid, lo);
            }
            if (a[hi] < a[lo]) {
                swap(a, hi, lo);
            }
            if (a[hi] < a[mid]) {
                swap(a, hi, mid);
            }
            long pivot = a[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(a, i, j);
                    i++;
                    j--;
                }
            }
            // a[lo..j] ≤ pivot, a[i..hi] ≥ pivot, and what lies between equals the pivot
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return;
            }
        }
        for (int x = lo + 1; x <= hi; x++) {
            long v = a[x];
            int y = x - 1;
            while (y >= lo && a[y] > v) {
                a[y + 1] = a[y];
                y--;
            }
            a[y + 1] = v;
        }
    }

    private static void swap(long[] a, int i, int j) {
        long t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
