package org.xenemu.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Selecting percentiles gives what sorting and taking the nearest rank gives. */
class NearestRankTest {
    private static final int[] REPORTED = {10, 50, 90};

    @Test
    void nearestRankOfSortedValues() {
        long[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(NearestRank.of(sorted, 10, 10)).isEqualTo(1);
        assertThat(NearestRank.of(sorted, 10, 50)).isEqualTo(5);
        assertThat(NearestRank.of(sorted, 10, 90)).isEqualTo(9);
        assertThat(NearestRank.of(sorted, 10, 0)).isEqualTo(1);
        assertThat(NearestRank.of(sorted, 10, 100)).isEqualTo(10);
        assertThat(NearestRank.of(sorted, 3, 50)).isEqualTo(2);
    }

    @Property(tries = 500)
    void selectAgreesWithSortingManyValues(@ForAll @Size(min = 1, max = 3000) List<@LongRange(min = -50, max = 50) Long> few,
                                           @ForAll @IntRange(min = 0, max = 40) int spare) {
        long[] values = few.stream().mapToLong(Long::longValue).toArray();
        assertSelectAgrees(Arrays.copyOf(values, values.length + spare), values.length);
    }

    @Property(tries = 500)
    void selectAgreesWithSortingAnyLongs(@ForAll @Size(min = 1, max = 400) List<Long> any) {
        long[] values = any.stream().mapToLong(Long::longValue).toArray();
        assertSelectAgrees(values, values.length);
    }

    @Test
    void sortedReversedAndEqualInputsStayLinear() {
        int n = 200_000;
        long[] ascending = new long[n];
        long[] descending = new long[n];
        long[] organPipe = new long[n];
        for (int i = 0; i < n; i++) {
            ascending[i] = i;
            descending[i] = n - i;
            organPipe[i] = Math.min(i, n - i);
        }
        for (long[] values : List.of(ascending, descending, organPipe, new long[n])) {
            assertSelectAgrees(values, n);
        }
    }

    @Test
    void percentsMustAscendAndTheCountFit() {
        assertThatThrownBy(() -> NearestRank.select(new long[] {3, 1, 2}, 3, new int[] {90, 10}, new long[2]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NearestRank.select(new long[] {3, 1, 2}, 4, REPORTED, new long[3]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NearestRank.select(new long[] {3}, 0, REPORTED, new long[3]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertSelectAgrees(long[] values, int count) {
        long[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        long[] expected = new long[REPORTED.length];
        for (int i = 0; i < REPORTED.length; i++) {
            expected[i] = NearestRank.of(sorted, count, REPORTED[i]);
        }
        long[] tail = Arrays.copyOfRange(values, count, values.length);
        long[] selected = new long[REPORTED.length];
        NearestRank.select(values, count, REPORTED, selected);
        assertThat(selected).containsExactly(expected);
        long[] permuted = Arrays.copyOf(values, count);
        Arrays.sort(permuted);
        assertThat(permuted).as("the first count values are only reordered").containsExactly(sorted);
        assertThat(Arrays.copyOfRange(values, count, values.length)).as("the rest is untouched").containsExactly(tail);
    }
}
