package org.xenemu.scenarios.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.xenemu.caller.Caller;
import org.xenemu.guest.MeminfoView;
import org.xenemu.scenarios.Cancellation;
import org.xenemu.scenarios.Runs;
import org.xenemu.scenarios.ScenarioCancelledException;
import org.xenemu.scenarios.ScenarioExecution;
import org.xenemu.scenarios.ScenarioFailedException;
import org.xenemu.scenarios.ScenarioResult;
import org.xenemu.scenarios.document.ScenarioPlan;
import org.xenemu.scenarios.series.DomainColumn;
import org.xenemu.scenarios.series.DomainTrack;
import org.xenemu.scenarios.series.HostColumn;
import org.xenemu.scenarios.series.VariantSeries;
import org.xenemu.toolstack.DomainView;
import org.xenemu.toolstack.EmulatedHost;
import org.xenemu.toolstack.HostView;

/** The private-host runner: real engines, the document's host, actions at their times, samples that agree with the views. */
public class PrivateHostRunnerTest {
    public static final String FLEET = """
            name: small-fleet
            seed: 7
            duration: 2h
            sample: 60s
            host: {memoryKiB: 4194304, nodes: 2}
            domains:
              - name: web
                count: 3
                memoryKiB: 262144
                staticMaxKiB: 524288
                kernel: {swapKiB: 131072, tmem: true, overcommitMemory: 1}
                selfballoon: {selfballoonDownhysteresis: 4}
                workload:
                  - {kind: constant, kib: 120000}
                  - {kind: daily, baseKiB: 60000, amplitude: 0.5, peakAt: 1h}
                  - {kind: spikes, perHour: 6, kib: 120000, duration: 60s}
            actions:
              - {at: 30m, op: pressure, kib: 1048576}
              - {at: 40m, op: create, domain: {name: batch, memoryKiB: 131072, workload: [{kind: constant, kib: 40000}]}}
              - {at: 50m, op: mem-set, domain: batch, kib: 100000}
              - {at: 90m, op: destroy, domain: batch}
            """;

    private static ScenarioResult run(ScenarioPlan plan, PrivateHostRunner runner) {
        return ScenarioExecution.run(plan, runner, 2, p -> { }, new Cancellation());
    }

    @Test
    void theSameDocumentAndSeedGiveTheSameBytes() {
        ScenarioResult a = run(Runs.plan(FLEET), new PrivateHostRunner());
        ScenarioResult b = run(Runs.plan(FLEET), new PrivateHostRunner());
        assertThat(Runs.csv(a)).isEqualTo(Runs.csv(b));
        assertThat(Runs.summary(a)).isEqualTo(Runs.summary(b));
    }

    @Test
    void aDifferentSeedGivesOtherSpikes() {
        ScenarioResult a = run(Runs.plan(FLEET), new PrivateHostRunner());
        ScenarioResult b = run(Runs.plan(FLEET.replace("seed: 7", "seed: 8")), new PrivateHostRunner());
        assertThat(Runs.csv(a)).isNotEqualTo(Runs.csv(b));
    }

    @Test
    void theLastSampleAgreesWithThePrivateHostsJsonViews() {
        List<EmulatedHost> hosts = new ArrayList<>();
        VariantSeries series = run(Runs.plan(FLEET), new PrivateHostRunner(hosts::add)).series().get(0);
        EmulatedHost host = hosts.get(0);
        int last = series.sampleCount() - 1;
        HostView hv = host.toolstack().host(Caller.DOM0);
        assertThat(series.host(HostColumn.TOTAL_KIB)[last]).isEqualTo(hv.totalKiB());
        assertThat(series.host(HostColumn.FREE_KIB)[last]).isEqualTo(hv.freeKiB());
        assertThat(series.host(HostColumn.TMEM_KIB)[last]).isEqualTo(hv.tmemKiB());
        assertThat(series.host(HostColumn.PRESSURE_KIB)[last]).isEqualTo(hv.pressureKiB());
        assertThat(series.host(HostColumn.RESERVED_KIB)[last]).isEqualTo(java.util.Objects.requireNonNullElse(hv.reservedKiB(), 0L));
        assertThat(series.host(HostColumn.XEN_KIB)[last]).isEqualTo(hv.xenKiB());
        assertThat(series.host(HostColumn.DOM0_KIB)[last]).isEqualTo(host.toolstack().view(Caller.DOM0, 0).currentKiB());
        List<DomainView> views = host.toolstack().list(Caller.DOM0).stream().filter(v -> v.domid() != 0).toList();
        long domains = 0;
        for (DomainView v : views) {
            domains += v.currentKiB();
            DomainTrack t = series.domains().stream().filter(d -> d.domid() == v.domid() && d.covers(last))
                    .findFirst().orElseThrow();
            int i = last - t.firstSample();
            MeminfoView m = (MeminfoView) v.meminfo();
            assertThat(t.name()).isEqualTo(v.name());
            assertThat(t.values(DomainColumn.TARGET_KIB)[i]).isEqualTo(v.targetKiB());
            assertThat(t.values(DomainColumn.CURRENT_KIB)[i]).isEqualTo(v.currentKiB());
            assertThat(t.values(DomainColumn.STATIC_MAX_KIB)[i]).isEqualTo(v.staticMaxKiB());
            assertThat(t.values(DomainColumn.COMMITTED_AS_KIB)[i]).isEqualTo(m.committedAsKiB());
            assertThat(t.values(DomainColumn.MEM_FREE_KIB)[i]).isEqualTo(m.memFreeKiB());
            assertThat(t.values(DomainColumn.FRONTSWAP_KIB)[i]).isEqualTo(m.frontswapKiB());
            assertThat(t.values(DomainColumn.SWAP_USED_KIB)[i])
                    .isEqualTo(m.swapTotalKiB() - m.swapFreeKiB() - m.frontswapKiB());
        }
        assertThat(series.host(HostColumn.DOMAINS_KIB)[last]).isEqualTo(domains);
        host.scheduler().locked(host.host()::verifyConservation);
    }

    @Test
    void theHostRowsOwnersAddUpToTheTotalAtEverySample() {
        VariantSeries s = run(Runs.plan(FLEET), new PrivateHostRunner()).series().get(0);
        for (int i = 0; i < s.sampleCount(); i++) {
            long sum = 0;
            for (HostColumn c : List.of(HostColumn.XEN_KIB, HostColumn.DOM0_KIB, HostColumn.DOMAINS_KIB,
                    HostColumn.TMEM_KIB, HostColumn.PRESSURE_KIB, HostColumn.RESERVED_KIB, HostColumn.FREE_KIB)) {
                sum += s.host(c)[i];
            }
            assertThat(sum).as("sample %d", i).isEqualTo(s.host(HostColumn.TOTAL_KIB)[i]);
        }
    }

    @Test
    void actionsHappenAtTheirTimes() {
        VariantSeries s = run(Runs.plan(FLEET), new PrivateHostRunner()).series().get(0);
        long[] pressure = s.host(HostColumn.PRESSURE_KIB);
        assertThat(pressure[29]).isZero();
        assertThat(pressure[30]).isEqualTo(1048576);
        DomainTrack batch = s.domains().stream().filter(d -> d.name().equals("batch")).findFirst().orElseThrow();
        assertThat(batch.firstSample()).isEqualTo(40);
        assertThat(batch.sampleCount()).isEqualTo(50);
        assertThat(batch.values(DomainColumn.TARGET_KIB)[0]).isEqualTo(131072);
        assertThat(batch.values(DomainColumn.TARGET_KIB)[10]).isEqualTo(100000);
        assertThat(batch.values(DomainColumn.WORKLOAD_KIB)).containsOnly(40000);
    }

    @Test
    void tmemGuestsUnderSpikesSwapToFrontswapAndCountIt() {
        VariantSeries s = run(Runs.plan(FLEET), new PrivateHostRunner()).series().get(0);
        DomainTrack web1 = s.domains().get(0);
        long[] out = web1.values(DomainColumn.SWAP_OUT_KIB);
        long[] put = web1.values(DomainColumn.FRONTSWAP_PUT_KIB);
        assertThat(out[out.length - 1]).isPositive();
        assertThat(put[put.length - 1]).isPositive().isLessThanOrEqualTo(out[out.length - 1]);
        for (int i = 1; i < out.length; i++) {
            assertThat(out[i]).isGreaterThanOrEqualTo(out[i - 1]);
        }
    }

    @Test
    void aGuestWithoutRoomIsOomKilledAndItsWorkloadStartsAgain() {
        String doc = """
                name: oom
                duration: 10m
                domains:
                  - name: tiny
                    memoryKiB: 65536
                    kernel: {overcommitMemory: 1}
                    workload: [{kind: spikes, perHour: 60, kib: 200000, duration: 60s}, {kind: constant, kib: 8000}]
                """;
        VariantSeries s = run(Runs.plan(doc), new PrivateHostRunner()).series().get(0);
        long[] kills = s.domains().get(0).values(DomainColumn.OOM_KILLS);
        assertThat(kills[kills.length - 1]).isPositive();
    }

    @Test
    void overcommitNeverRefusesWhatDoesNotFitAndCountsIt() {
        String doc = """
                name: refused
                duration: 5m
                domains:
                  - name: strict
                    memoryKiB: 131072
                    kernel: {overcommitMemory: 2, overcommitRatio: 50}
                    workload: [{kind: constant, kib: 500000}]
                """;
        VariantSeries s = run(Runs.plan(doc), new PrivateHostRunner()).series().get(0);
        DomainTrack t = s.domains().get(0);
        assertThat(t.values(DomainColumn.REFUSED_MMAPS)[0]).isEqualTo(1);
        assertThat(t.values(DomainColumn.WORKLOAD_KIB)[0]).isEqualTo(500000);
    }

    @Nested
    class Failures {
        @Test
        void anActionTheToolstackRefusesFailsTheRunNamingIt() {
            String doc = """
                    name: too-big
                    duration: 10m
                    host: {memoryKiB: 2097152}
                    domains: [{name: a, memoryKiB: 262144}]
                    actions: [{at: 5m, op: create, domain: {name: huge, memoryKiB: 4000000}}]
                    """;
            assertThatThrownBy(() -> run(Runs.plan(doc), new PrivateHostRunner()))
                    .isInstanceOf(ScenarioFailedException.class)
                    .hasMessageContaining("actions[0]").hasMessageContaining("create huge").hasMessageContaining("ENOMEM");
        }

        @Test
        void cancellingStopsTheRun() {
            Cancellation c = new Cancellation();
            c.cancel();
            assertThatThrownBy(() -> ScenarioExecution.run(Runs.plan(FLEET), new PrivateHostRunner(), 1, p -> { }, c))
                    .isInstanceOf(ScenarioCancelledException.class);
        }
    }
}
