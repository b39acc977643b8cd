package org.xenemu.scenarios.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xenemu.scenarios.workload.Nanos.HOUR;
import static org.xenemu.scenarios.workload.Nanos.MINUTE;
import static org.xenemu.scenarios.workload.Nanos.SECOND;
import static org.xenemu.scenarios.workload.WorkloadCurve.NEVER;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each kind gives the curve its Javadoc formula describes: worked examples and change points. */
class WorkloadCurvesTest {
    private static final long DAY = Nanos.DAY;

    @Nested
    class Constant {
        @Test
        void isTheSameAtEveryInstantAndNeverChanges() {
            WorkloadCurve c = new WorkloadSpec.Constant(32768).start(1);
            assertThat(List.of(c.kibAt(0), c.kibAt(HOUR), c.kibAt(30 * DAY))).containsOnly(32768L);
            assertThat(c.nextChangeAfter(0)).isEqualTo(NEVER);
        }
    }

    @Nested
    class Daily {
        private final WorkloadSpec.Daily spec = new WorkloadSpec.Daily(65536, 0.5, 14 * HOUR, MINUTE);

        @Test
        void peaksAtPeakAtAndBottomsOutTwelveHoursLater() {
            WorkloadCurve c = spec.start(1);
            assertThat(c.kibAt(14 * HOUR)).isEqualTo(98304);
            assertThat(c.kibAt(2 * HOUR)).isEqualTo(32768);
            assertThat(c.kibAt(8 * HOUR)).isEqualTo(65536);
            assertThat(c.kibAt(20 * HOUR)).isEqualTo(65536);
        }

        @Test
        void isHeldOverAStepAndChangesAtTheNextMultipleOfIt() {
            WorkloadCurve c = spec.start(1);
            assertThat(c.kibAt(14 * HOUR + 59 * SECOND)).isEqualTo(98304);
            assertThat(c.nextChangeAfter(14 * HOUR + 59 * SECOND)).isEqualTo(14 * HOUR + MINUTE);
            assertThat(c.nextChangeAfter(14 * HOUR)).isEqualTo(14 * HOUR + MINUTE);
            assertThat(c.kibAt(15 * HOUR)).isLessThan(98304);
        }

        @Test
        void repeatsEveryDay() {
            WorkloadCurve c = spec.start(1);
            for (long t = 0; t < DAY; t += 7 * MINUTE) {
                assertThat(c.kibAt(t + 3 * DAY)).as("t=%d", t).isEqualTo(spec.start(1).kibAt(t));
            }
        }

        @Test
        void followsTheCosineToTheNearestKiB() {
            WorkloadCurve c = spec.start(1);
            for (long t = 0; t < DAY; t += MINUTE) {
                double expected = 65536 * (1 + 0.5 * Math.cos(2 * Math.PI * (t - 14 * HOUR) / DAY));
                assertThat((double) c.kibAt(t)).as("t=%d", t).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.5 + 1e-6));
            }
        }

        @Test
        void withoutAmplitudeNeverChanges() {
            WorkloadCurve c = new WorkloadSpec.Daily(4096, 0, 0, MINUTE).start(1);
            assertThat(c.kibAt(5 * HOUR)).isEqualTo(4096);
            assertThat(c.nextChangeAfter(0)).isEqualTo(NEVER);
        }
    }

    @Nested
    class Ramp {
        private final WorkloadSpec.Ramp spec = new WorkloadSpec.Ramp(0, 100_000, 2 * HOUR, 4 * HOUR, MINUTE);

        @Test
        void goesFromFromToToBetweenStartAndEndAsTheWorkedExampleSays() {
            WorkloadCurve c = spec.start(1);
            assertThat(c.kibAt(0)).isZero();
            assertThat(c.kibAt(2 * HOUR)).isZero();
            assertThat(c.kibAt(2 * HOUR + MINUTE)).isEqualTo(833);
            assertThat(c.kibAt(3 * HOUR)).isEqualTo(50_000);
            assertThat(c.kibAt(4 * HOUR - 1)).isEqualTo(99_166);
            assertThat(c.kibAt(4 * HOUR)).isEqualTo(100_000);
            assertThat(c.kibAt(20 * DAY)).isEqualTo(100_000);
        }

        @Test
        void goesDownToo() {
            WorkloadCurve c = new WorkloadSpec.Ramp(100_000, 0, 0, HOUR, 30 * MINUTE).start(1);
            assertThat(List.of(c.kibAt(0), c.kibAt(30 * MINUTE), c.kibAt(HOUR))).containsExactly(100_000L, 50_000L, 0L);
        }

        @Test
        void changesAtStepsCountedFromStartAndAtTheEndOnly() {
            WorkloadCurve c = new WorkloadSpec.Ramp(0, 1000, 10 * SECOND, 100 * SECOND, 40 * SECOND).start(1);
            List<Long> points = changePoints(c, 0, 200 * SECOND);
            assertThat(points).containsExactly(50 * SECOND, 90 * SECOND, 100 * SECOND);
            assertThat(c.nextChangeAfter(100 * SECOND)).isEqualTo(NEVER);
        }

        @Test
        void takesHugeSizesWithoutOverflow() {
            long big = 1L << 40;
            WorkloadCurve c = new WorkloadSpec.Ramp(0, big, 0, 10 * DAY, SECOND).start(1);
            assertThat(c.kibAt(5 * DAY)).isEqualTo(big / 2);
        }
    }

    @Nested
    class Spikes {
        @Test
        void addKibForDurationFromEachArrivalAndOverlapsAddUp() {
            WorkloadCurve c = new WorkloadSpec.Spikes(60, 1000, 5 * MINUTE).start(42);
            List<Long> points = changePoints(c, 0, 2 * HOUR);
            // rebuild the arrivals from the rises and check every value against them
            WorkloadCurve probe = new WorkloadSpec.Spikes(60, 1000, 5 * MINUTE).start(42);
            List<Long> arrivals = new ArrayList<>();
            long previous = probe.kibAt(0);
            if (previous > 0) {
                for (long k = 0; k < previous / 1000; k++) {
                    arrivals.add(0L);
                }
            }
            for (long p : points) {
                long now = probe.kibAt(p);
                for (long k = previous; k < now; k += 1000) {
                    arrivals.add(p);
                }
                previous = now;
            }
            assertThat(arrivals.size()).isBetween(80, 160);
            WorkloadCurve fresh = new WorkloadSpec.Spikes(60, 1000, 5 * MINUTE).start(42);
            for (long t = 0; t < 2 * HOUR; t += 7 * SECOND) {
                final long at = t;
                long activeCount = arrivals.stream().filter(a -> a <= at && at < a + 5 * MINUTE).count();
                assertThat(fresh.kibAt(t)).as("t=%d", t).isEqualTo(1000 * activeCount);
            }
            assertThat(arrivals).allSatisfy(a -> assertThat(a % Nanos.MILLISECOND).isZero());
        }

        @Test
        void arriveAtPerHourOnAverage() {
            WorkloadCurve c = new WorkloadSpec.Spikes(1.2, 1, 1).start(Seeds.derive(7, "web-1", 0));
            long arrivals = 0;
            long hours = 10_000;
            for (long t = c.nextChangeAfter(-1); t < hours * HOUR; t = c.nextChangeAfter(t)) {
                if (c.kibAt(t) > 0) {
                    arrivals += c.kibAt(t);
                }
            }
            // 12 000 expected; a Poisson count's standard deviation is √12000 ≈ 110
            assertThat(arrivals).isBetween(11_500L, 12_500L);
        }

        @Test
        void neverArriveAtZeroPerHour() {
            WorkloadCurve c = new WorkloadSpec.Spikes(0, 1000, MINUTE).start(3);
            assertThat(c.kibAt(10 * DAY)).isZero();
            assertThat(c.nextChangeAfter(0)).isEqualTo(NEVER);
        }

        @Test
        void giveTheSameValuesWhenAskedOutOfOrder() {
            WorkloadCurve forward = new WorkloadSpec.Spikes(30, 100, 10 * MINUTE).start(9);
            WorkloadCurve jumpy = new WorkloadSpec.Spikes(30, 100, 10 * MINUTE).start(9);
            jumpy.kibAt(20 * HOUR);
            for (long t = 0; t < 24 * HOUR; t += 13 * MINUTE) {
                assertThat(jumpy.kibAt(t)).isEqualTo(forward.kibAt(t));
            }
        }
    }

    @Nested
    class RandomWalk {
        @Test
        void startsAtKibAndMovesByExactlyOneStepAtEachMultipleOfEvery() {
            // far enough from 0 that 288 steps cannot reach the clamp
            WorkloadCurve c = new WorkloadSpec.RandomWalk(4096 * 300, 4096, 5 * MINUTE).start(11);
            assertThat(c.kibAt(0)).isEqualTo(4096 * 300);
            assertThat(c.kibAt(5 * MINUTE - 1)).isEqualTo(4096 * 300);
            long previous = 4096 * 300;
            for (long k = 1; k <= 288; k++) {
                assertThat(c.nextChangeAfter((k - 1) * 5 * MINUTE)).isEqualTo(k * 5 * MINUTE);
                long now = c.kibAt(k * 5 * MINUTE);
                assertThat(Math.abs(now - previous)).isEqualTo(4096);
                assertThat(c.kibAt(k * 5 * MINUTE + 5 * MINUTE - 1)).isEqualTo(now);
                previous = now;
            }
        }

        @Test
        void isClampedAtZero() {
            WorkloadCurve c = new WorkloadSpec.RandomWalk(0, 1000, SECOND).start(5);
            boolean sawZeroTwice = false;
            long previous = 0;
            for (long k = 0; k < 10_000; k++) {
                long now = c.kibAt(k * SECOND);
                assertThat(now).isNotNegative();
                sawZeroTwice |= previous == 0 && now == 0 && k > 0;
                previous = now;
            }
            assertThat(sawZeroTwice).isTrue();
        }

        @Test
        void replaysTheSameWalkWhenAskedForAnEarlierTime() {
            WorkloadCurve c = new WorkloadSpec.RandomWalk(10_000, 100, MINUTE).start(8);
            long at2h = c.kibAt(2 * HOUR);
            c.kibAt(9 * HOUR);
            assertThat(c.kibAt(2 * HOUR)).isEqualTo(at2h);
        }
    }

    static List<Long> changePoints(WorkloadCurve c, long from, long until) {
        List<Long> out = new ArrayList<>();
        for (long t = c.nextChangeAfter(from); t < until; t = c.nextChangeAfter(t)) {
            out.add(t);
        }
        return out;
    }
}
