package org.xenemu.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.xenemu.scenarios.series.DomainColumn;
import org.xenemu.scenarios.series.DomainTrack;
import org.xenemu.scenarios.series.VariantSeries;

/**
 * Each workload kind gives the memory-in-use curve it describes, read back from a run's series
 * ({@code workload_kib}, one domain per kind, sampled every minute for a day). With the fake
 * runner the column is the curves' value as recorded; with the private-host runner the same checks
 * apply to what the guest then holds.
 */
class WorkloadKindsOnTheSeriesTest {
    private static final String DOC = """
            name: kinds
            seed: 11
            duration: 24h
            sample: 60s
            domains:
              - {name: constant, memoryKiB: 1048576, workload: [{kind: constant, kib: 32768}]}
              - {name: daily, memoryKiB: 1048576, workload: [{kind: daily, baseKiB: 65536, amplitude: 0.5, peakAt: 14h}]}
              - {name: spikes, memoryKiB: 1048576, workload: [{kind: spikes, perHour: 6, kib: 120000, duration: 10m}]}
              - {name: ramp, memoryKiB: 1048576, workload: [{kind: ramp, fromKiB: 0, toKiB: 100000, start: 2h, end: 4h}]}
              - {name: walk, memoryKiB: 1048576, workload: [{kind: random-walk, kib: 65536, stepKiB: 4096, every: 5m}]}
            """;

    private final VariantSeries series = Runs.run(Runs.plan(DOC)).series().get(0);

    private long[] workload(String name) {
        DomainTrack t = series.domains().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
        assertThat(t.sampleCount()).isEqualTo(1441);
        return t.values(DomainColumn.WORKLOAD_KIB);
    }

    @Test
    void constantIsFlat() {
        assertThat(workload("constant")).containsOnly(32768);
    }

    @Test
    void dailyPeaksAtPeakAtAndBottomsOutTwelveHoursLater() {
        long[] w = workload("daily");
        // the maximum is at 14:00 (and, rounded to the KiB, a minute either side); the minimum twelve hours on
        assertThat(w[14 * 60]).isEqualTo(w[argMax(w)]).isEqualTo(98304);
        assertThat(w[2 * 60]).isEqualTo(w[argMin(w)]).isEqualTo(32768);
        assertThat(Math.abs(argMax(w) - 14 * 60)).isLessThanOrEqualTo(1);
        assertThat(Math.abs(argMin(w) - 2 * 60)).isLessThanOrEqualTo(1);
        for (int minute = 0; minute <= 1440; minute++) {
            double expected = 65536 * (1 + 0.5 * Math.cos(2 * Math.PI * (minute - 14 * 60) / 1440.0));
            assertThat((double) w[minute]).isCloseTo(expected, within(0.51));
        }
    }

    @Test
    void spikesAreWholeSpikesArrivingAboutPerHourAndLastingTheirDuration() {
        long[] w = workload("spikes");
        int rises = 0;
        for (int i = 0; i < w.length; i++) {
            assertThat(w[i] % 120_000).isZero();
            if (i > 0 && w[i] > w[i - 1]) {
                rises += (int) ((w[i] - w[i - 1]) / 120_000);
            }
        }
        // 6 an hour for a day: 144 expected (a Poisson count: ± 12 is one standard deviation)
        assertThat(rises).isBetween(108, 180);
        int longest = 0;
        int run = 0;
        for (long v : w) {
            run = v > 0 ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        assertThat(longest).as("a lone spike covers 10 one-minute samples").isGreaterThanOrEqualTo(10);
    }

    @Test
    void rampIsFlatThenAStraightLineThenFlat() {
        long[] w = workload("ramp");
        assertThat(slice(w, 0, 120)).containsOnly(0);
        assertThat(slice(w, 240, 1441)).containsOnly(100_000);
        for (int minute = 120; minute <= 240; minute++) {
            assertThat(w[minute]).isEqualTo(100_000L * (minute - 120) / 120);
        }
    }

    @Test
    void randomWalkMovesOneStepEveryFiveMinutesAndStaysPutBetween() {
        long[] w = workload("walk");
        assertThat(w[0]).isEqualTo(65536);
        for (int minute = 1; minute <= 1440; minute++) {
            long step = Math.abs(w[minute] - w[minute - 1]);
            if (minute % 5 == 0) {
                assertThat(step).as("minute %d", minute).isIn(0L, 4096L);
            } else {
                assertThat(step).as("minute %d", minute).isZero();
            }
        }
    }

    private static long[] slice(long[] a, int from, int to) {
        return java.util.Arrays.copyOfRange(a, from, to);
    }

    private static int argMax(long[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best;
    }

    private static int argMin(long[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (a[i] < a[best]) {
                best = i;
            }
        }
        return best;
    }
}
