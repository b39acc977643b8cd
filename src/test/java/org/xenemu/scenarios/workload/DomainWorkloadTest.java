package org.xenemu.scenarios.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xenemu.scenarios.workload.Nanos.HOUR;
import static org.xenemu.scenarios.workload.Nanos.MINUTE;
import static org.xenemu.scenarios.workload.Nanos.SECOND;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** A domain's workloads summed, the random streams behind them, and the change-point contract. */
class DomainWorkloadTest {
    private static final List<WorkloadSpec> EXAMPLE = List.of(
            new WorkloadSpec.Constant(32768),
            new WorkloadSpec.Daily(65536, 0.5, 14 * HOUR, MINUTE),
            new WorkloadSpec.Spikes(1.2, 120_000, 60 * SECOND),
            new WorkloadSpec.Ramp(0, 100_000, 2 * HOUR, 4 * HOUR, MINUTE),
            new WorkloadSpec.RandomWalk(65536, 4096, 5 * MINUTE));

    @Test
    void isTheSumOfItsWorkloadsAtEveryInstant() {
        DomainWorkload sum = DomainWorkload.start(EXAMPLE, 42, "web-1");
        List<WorkloadCurve> parts = List.of(
                EXAMPLE.get(0).start(Seeds.derive(42, "web-1", 0)), EXAMPLE.get(1).start(Seeds.derive(42, "web-1", 1)),
                EXAMPLE.get(2).start(Seeds.derive(42, "web-1", 2)), EXAMPLE.get(3).start(Seeds.derive(42, "web-1", 3)),
                EXAMPLE.get(4).start(Seeds.derive(42, "web-1", 4)));
        for (long t = 0; t < 24 * HOUR; t += 17 * SECOND) {
            final long at = t;
            assertThat(sum.kibAt(t)).isEqualTo(parts.stream().mapToLong(p -> p.kibAt(at)).sum());
        }
    }

    @Test
    void aDomainsDrawsDoNotDependOnOtherDomainsOrOnTheOrderOfQuestions() {
        DomainWorkload alone = DomainWorkload.start(EXAMPLE, 42, "web-7");
        DomainWorkload other = DomainWorkload.start(EXAMPLE, 42, "web-6");
        DomainWorkload again = DomainWorkload.start(EXAMPLE, 42, "web-7");
        boolean differs = false;
        for (long t = 0; t < 24 * HOUR; t += MINUTE) {
            other.kibAt(t);
            long a = alone.kibAt(t);
            assertThat(again.kibAt(t)).isEqualTo(a);
            differs |= other.kibAt(t) != a;
        }
        assertThat(differs).as("web-6 and web-7 draw from different streams").isTrue();
    }

    @Test
    void streamsArePinnedSoTheSameDocumentGivesTheSameBytesOnEveryVersion() {
        // golden values: a change here changes every scenario's output and needs a changelog entry
        assertThat(Seeds.derive(42, "web-1", 0)).isEqualTo(Seeds.derive(42, "web-1", 0));
        assertThat(Seeds.derive(42, "web-1", 0)).isNotEqualTo(Seeds.derive(42, "web-1", 1))
                .isNotEqualTo(Seeds.derive(43, "web-1", 0)).isNotEqualTo(Seeds.derive(42, "web-2", 0));
        assertThat(Seeds.derive(42, "web-1", 2)).isEqualTo(GOLDEN_SEED);
        WorkloadCurve spikes = EXAMPLE.get(2).start(Seeds.derive(42, "web-1", 2));
        assertThat(WorkloadCurvesTest.changePoints(spikes, -1, 24 * HOUR).subList(0, 4)).containsExactly(GOLDEN_SPIKES);
    }

    private static final long GOLDEN_SEED = 6774212975295110856L;
    /** The first spike of web-1's workload 2 arrives at 50.285 s and ends at 110.285 s; the next at 6084.744 s. */
    private static final Long[] GOLDEN_SPIKES = {50_285_000_000L, 110_285_000_000L, 6_084_744_000_000L, 6_144_744_000_000L};

    @Test
    void changesOnlyAtTheMinimumOfItsWorkloadsChangePoints() {
        DomainWorkload sum = DomainWorkload.start(List.of(new WorkloadSpec.Constant(5),
                new WorkloadSpec.RandomWalk(100, 10, 7 * MINUTE), new WorkloadSpec.Ramp(0, 50, HOUR, 2 * HOUR, 25 * MINUTE)),
                1, "d");
        assertThat(WorkloadCurvesTest.changePoints(sum, 0, 2 * HOUR + 1)).containsExactly(
                7 * MINUTE, 14 * MINUTE, 21 * MINUTE, 28 * MINUTE, 35 * MINUTE, 42 * MINUTE, 49 * MINUTE, 56 * MINUTE,
                63 * MINUTE, 70 * MINUTE, 77 * MINUTE, 84 * MINUTE, 85 * MINUTE, 91 * MINUTE, 98 * MINUTE, 105 * MINUTE,
                110 * MINUTE, 112 * MINUTE, 119 * MINUTE, 120 * MINUTE);
    }

    @Test
    void withoutWorkloadsIsZeroForever() {
        DomainWorkload none = DomainWorkload.start(List.of(), 1, "idle");
        assertThat(none.kibAt(HOUR)).isZero();
        assertThat(none.nextChangeAfter(0)).isEqualTo(WorkloadCurve.NEVER);
    }

    @Property(tries = 200)
    void theValueStaysPutBetweenChangePoints(@ForAll("specs") WorkloadSpec spec, @ForAll long seed) {
        WorkloadCurve c = spec.start(seed);
        WorkloadCurve probe = spec.start(seed);
        long t = 0;
        for (int i = 0; i < 40 && t < 3 * Nanos.DAY; i++) {
            long value = c.kibAt(t);
            assertThat(value).isNotNegative();
            long next = c.nextChangeAfter(t);
            assertThat(next).isGreaterThan(t);
            long end = next == WorkloadCurve.NEVER ? t + Nanos.DAY : next;
            for (long probeAt = t; probeAt < end; probeAt += Math.max(1, (end - t) / 7)) {
                assertThat(probe.kibAt(probeAt)).as("%s at %d (changes next at %d)", spec, probeAt, next)
                        .isEqualTo(value);
            }
            probe.kibAt(end - 1);
            assertThat(probe.kibAt(end - 1)).isEqualTo(value);
            if (next == WorkloadCurve.NEVER) {
                break;
            }
            t = next;
        }
    }

    @Provide
    Arbitrary<WorkloadSpec> specs() {
        Arbitrary<Long> kib = Arbitraries.longs().between(0, 1L << 30);
        Arbitrary<Long> span = Arbitraries.longs().between(1, 6 * HOUR / SECOND).map(s -> s * SECOND);
        Arbitrary<WorkloadSpec> constant = kib.map(WorkloadSpec.Constant::new);
        Arbitrary<WorkloadSpec> daily = Combinators.combine(kib, Arbitraries.doubles().between(0, 1),
                Arbitraries.longs().between(0, Nanos.DAY - 1), span).as(WorkloadSpec.Daily::new);
        Arbitrary<WorkloadSpec> spikes = Combinators.combine(Arbitraries.doubles().between(0, 60), kib, span)
                .as(WorkloadSpec.Spikes::new);
        Arbitrary<WorkloadSpec> ramp = Combinators.combine(kib, kib, span, span, span)
                .as((from, to, start, length, step) -> new WorkloadSpec.Ramp(from, to, start, start + length, step));
        Arbitrary<WorkloadSpec> walk = Combinators.combine(kib, Arbitraries.longs().between(0, 1 << 20), span)
                .as(WorkloadSpec.RandomWalk::new);
        return Arbitraries.oneOf(constant, daily, spikes, ramp, walk);
    }
}
