package org.xenemu.scenarios.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xenemu.scenarios.Cancellation;
import org.xenemu.scenarios.Runs;
import org.xenemu.scenarios.ScenarioExecution;
import org.xenemu.scenarios.series.DomainColumn;
import org.xenemu.scenarios.series.DomainTrack;
import org.xenemu.scenarios.series.VariantSeries;

/**
 * Each workload kind, driven through the guest engine by the private-host runner, makes the guest
 * hold the curve it describes: its Committed_AS (what the workload process has mapped, private
 * writable anonymous memory being charged page by page) is the curve's value rounded up to whole
 * pages at every sample, on a guest with room to spare. The curves' own shapes are checked on the
 * {@code workload_kib} column by {@code WorkloadKindsOnTheSeriesTest}.
 */
class WorkloadKindsInTheGuestTest {
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
    private static VariantSeries series;

    @BeforeAll
    static void run() {
        series = ScenarioExecution.run(Runs.plan(DOC), new PrivateHostRunner(), 1, p -> { }, new Cancellation())
                .series().get(0);
    }

    private static void guestHoldsTheCurve(String name) {
        DomainTrack t = series.domains().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
        long[] w = t.values(DomainColumn.WORKLOAD_KIB);
        long[] committed = t.values(DomainColumn.COMMITTED_AS_KIB);
        assertThat(w).hasSize(1441);
        for (int i = 0; i < w.length; i++) {
            assertThat(committed[i]).as("%s at minute %d", name, i).isEqualTo((w[i] + 3) / 4 * 4);
        }
        assertThat(t.values(DomainColumn.OOM_KILLS)[w.length - 1]).isZero();
        assertThat(t.values(DomainColumn.REFUSED_MMAPS)[w.length - 1]).isZero();
    }

    @Test
    void constant() {
        guestHoldsTheCurve("constant");
    }

    @Test
    void daily() {
        guestHoldsTheCurve("daily");
    }

    @Test
    void spikes() {
        guestHoldsTheCurve("spikes");
    }

    @Test
    void ramp() {
        guestHoldsTheCurve("ramp");
    }

    @Test
    void randomWalk() {
        guestHoldsTheCurve("walk");
    }
}
