package org.xenemu.scenarios.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xenemu.scenarios.document.Documents.yaml;
import static org.xenemu.scenarios.workload.Nanos.HOUR;
import static org.xenemu.scenarios.workload.Nanos.MINUTE;
import static org.xenemu.scenarios.workload.Nanos.SECOND;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.xenemu.scenarios.workload.WorkloadSpec;
import org.xenemu.selfballoon.Tunable;

/** The documented example and the meaning of each member, read from JSON and YAML alike. */
class ScenarioParserTest {
    private final ScenarioPlan example = ScenarioParser.parse(Documents.resource("selfballoon-vs-squeezed.yaml"),
            ScenarioFormat.YAML);

    @Test
    void theDocumentedExampleReadsTheSameFromYamlAndJson() {
        ScenarioPlan fromJson = ScenarioParser.parse(Documents.resource("selfballoon-vs-squeezed.json"),
                ScenarioFormat.JSON);
        assertThat(fromJson).isEqualTo(example);
    }

    @Test
    void theTopLevelGivesNameSeedDurationSampleAndTheHost() {
        Scenario s = example.variants().get(0).scenario();
        assertThat(s.name()).isEqualTo("selfballoon-vs-squeezed");
        assertThat(s.seed()).isEqualTo(42);
        assertThat(s.durationNanos()).isEqualTo(24 * HOUR);
        assertThat(s.sampleNanos()).isEqualTo(60 * SECOND);
        assertThat(s.sampleCount()).isEqualTo(1441);
        assertThat(s.host()).isEqualTo(new HostPlan(16_777_216, 2, 131_072, 1_048_576, "nearest",
                new BalancerPlan(BalancerPlan.Policy.SQUEEZED, OptionalLong.empty(), OptionalLong.empty(),
                        OptionalLong.empty(), OptionalLong.empty(), java.util.OptionalInt.empty(),
                        java.util.Optional.empty())));
    }

    @Test
    void aGroupWithCountExpandsIntoNumberedDomainsSharingItsSettings() {
        Scenario s = example.variants().get(0).scenario();
        assertThat(s.domains()).hasSize(100);
        assertThat(s.domains().get(0).name()).isEqualTo("web-1");
        assertThat(s.domains().get(99).name()).isEqualTo("web-100");
        DomainPlan web = s.domains().get(41);
        assertThat(web.group()).isEqualTo("web");
        assertThat(web.source()).isEqualTo("domains[0]");
        assertThat(web.settings().memoryKiB()).isEqualTo(262_144);
        assertThat(web.settings().effectiveStaticMaxKiB()).isEqualTo(524_288);
        assertThat(web.settings().kernel().swapKiB()).hasValue(131_072);
        assertThat(web.settings().kernel().tmem()).contains(true);
        assertThat(web.settings().kernel().overcommitMemory()).hasValue(1);
        assertThat(web.settings().kernel().nommu()).isEmpty();
        assertThat(web.fault()).hasValueSatisfying(f -> {
            assertThat(f.mode()).isEqualTo(FaultPlan.Mode.NONE);
            assertThat(f.rateKiBPerSecond()).hasValue(65_536);
        });
        assertThat(web.workload()).containsExactly(
                new WorkloadSpec.Constant(32768),
                new WorkloadSpec.Daily(65536, 0.5, 14 * HOUR, MINUTE),
                new WorkloadSpec.Spikes(1.2, 120_000, 60 * SECOND),
                new WorkloadSpec.Ramp(0, 100_000, 2 * HOUR, 4 * HOUR, MINUTE),
                new WorkloadSpec.RandomWalk(65536, 4096, 5 * MINUTE));
    }

    @Test
    void aGroupWithoutCountIsOneDomainNamedAsTheGroup() {
        Scenario s = yaml(Documents.MINIMAL + "domains: [{name: db, memoryKiB: 1048576}]").variants().get(0).scenario();
        assertThat(s.domains()).extracting(DomainPlan::name).containsExactly("db");
        assertThat(s.seed()).isZero();
        assertThat(s.sampleNanos()).isEqualTo(60 * SECOND);
        assertThat(s.host()).isEqualTo(DocumentBinder.defaultHost());
    }

    @Test
    void actionsComeInTimeOrderWithTiesInDocumentOrder() {
        Scenario s = yaml(Documents.MINIMAL + """
                domains: [{name: a, memoryKiB: 65536}]
                actions:
                  - {at: 30m, op: mem-set, domain: a, kib: 1000}
                  - {at: 10m, op: pressure, kib: 5}
                  - {at: 30m, op: mem-max, domain: a, kib: 70000}
                  - {at: 0, op: balancer, policy: mom, variant: vdsm}
                """).variants().get(0).scenario();
        assertThat(s.actions()).extracting(Action::index).containsExactly(3, 1, 0, 2);
        assertThat(s.actions().get(0)).isInstanceOfSatisfying(Action.SetBalancer.class,
                b -> assertThat(b.balancer().momVariant()).contains("vdsm"));
    }

    @Test
    void aCreateActionCarriesItsDomainsAndLaterActionsMayNameThem() {
        Scenario s = example.variants().get(0).scenario();
        assertThat(s.actions()).extracting(Action::op)
                .containsExactly("mem-set", "pressure", "create", "balancer", "destroy");
        Action.Create create = (Action.Create) s.actions().get(2);
        assertThat(create.atNanos()).isEqualTo(8 * HOUR);
        assertThat(create.domains()).singleElement().satisfies(d -> {
            assertThat(d.name()).isEqualTo("batch");
            assertThat(d.source()).isEqualTo("actions[2].domain");
        });
        assertThat(s.domainCountUpperBound()).isEqualTo(101);
    }

    @Test
    void aReserveActionHoldsAnAmountARangeOrADomainsMemoryAndLaterActionsMayNameTheDomain() {
        Scenario s = yaml("""
                name: r
                duration: 1h
                domains: [{name: web, memoryKiB: 262144}]
                actions:
                  - {at: 1m, op: reserve, kib: 1024}
                  - {at: 2m, op: reserve, minKiB: 1024, maxKiB: 4096}
                  - {at: 3m, op: reserve, domain: {name: batch, count: 2, memoryKiB: 2097152}}
                  - {at: 4m, op: mem-set, domain: batch-2, kib: 1048576}
                """).variants().get(0).scenario();
        assertThat(s.actions()).extracting(Action::op).containsExactly("reserve", "reserve", "reserve", "mem-set");
        Action.Reserve amount = (Action.Reserve) s.actions().get(0);
        assertThat(amount.kib()).hasValue(1024);
        assertThat(amount.domains()).isEmpty();
        Action.Reserve range = (Action.Reserve) s.actions().get(1);
        assertThat(range.kib()).isEmpty();
        assertThat(range.minKiB()).hasValue(1024);
        assertThat(range.maxKiB()).hasValue(4096);
        Action.Reserve forDomains = (Action.Reserve) s.actions().get(2);
        assertThat(forDomains.domains()).extracting(DomainPlan::name).containsExactly("batch-1", "batch-2");
        assertThat(forDomains.domains()).allSatisfy(d -> assertThat(d.source()).isEqualTo("actions[2].domain"));
        assertThat(s.domainCountUpperBound()).isEqualTo(3);
    }

    @Test
    void selfballoonTunablesAreKeptAsTheDecimalTextsTheSysfsStoresTake() {
        DomainPlan web = example.variants().get(0).scenario().domains().get(0);
        assertThat(web.selfballoon()).containsExactly(
                java.util.Map.entry(Tunable.SELFBALLOON_DOWNHYSTERESIS, "2"));
    }

    @Test
    void aSweepGivesOneVariantPerValueNamedAfterTheLastMember() {
        assertThat(example.sweep()).singleElement().satisfies(axis -> {
            assertThat(axis.field()).isEqualTo("domains[0].selfballoon.selfballoonDownhysteresis");
            assertThat(axis.valueTexts()).containsExactly("2", "4", "8", "16");
        });
        assertThat(example.variants()).extracting(Variant::name).containsExactly("selfballoonDownhysteresis=2",
                "selfballoonDownhysteresis=4", "selfballoonDownhysteresis=8", "selfballoonDownhysteresis=16");
        assertThat(example.variants()).extracting(v -> v.scenario().domains().get(7).selfballoon()
                .get(Tunable.SELFBALLOON_DOWNHYSTERESIS)).containsExactly("2", "4", "8", "16");
        assertThat(example.variants()).extracting(Variant::index).containsExactly(0, 1, 2, 3);
    }

    @Test
    void severalSweepPathsGiveTheirProductInOdometerOrder() {
        ScenarioPlan plan = yaml(Documents.MINIMAL + """
                host: {balancer: {policy: none}}
                domains: [{name: web, memoryKiB: 262144}]
                sweep:
                  host.balancer.policy: [squeezed, mom]
                  domains.web.kernel.swapKiB: [0, 65536, 131072]
                  seed: [1, 2]
                """);
        assertThat(plan.variants()).extracting(Variant::name).containsExactly(
                "policy=squeezed swapKiB=0 seed=1", "policy=squeezed swapKiB=0 seed=2",
                "policy=squeezed swapKiB=65536 seed=1", "policy=squeezed swapKiB=65536 seed=2",
                "policy=squeezed swapKiB=131072 seed=1", "policy=squeezed swapKiB=131072 seed=2",
                "policy=mom swapKiB=0 seed=1", "policy=mom swapKiB=0 seed=2",
                "policy=mom swapKiB=65536 seed=1", "policy=mom swapKiB=65536 seed=2",
                "policy=mom swapKiB=131072 seed=1", "policy=mom swapKiB=131072 seed=2");
        Variant last = plan.variants().get(11);
        assertThat(last.scenario().seed()).isEqualTo(2);
        assertThat(last.scenario().host().balancer().policy()).isEqualTo(BalancerPlan.Policy.MOM);
        assertThat(last.scenario().domains().get(0).settings().kernel().swapKiB()).hasValue(131072);
        assertThat(last.overrides()).extracting(Variant.SweepValue::field)
                .containsExactly("host.balancer.policy", "domains[0].kernel.swapKiB", "seed");
    }

    @Test
    void pathsEndingAlikeAreLabelledByTheirWholePath() {
        ScenarioPlan plan = yaml(Documents.MINIMAL + """
                domains: [{name: a, memoryKiB: 65536}, {name: b, memoryKiB: 65536}]
                sweep:
                  domains.a.memoryKiB: [65536]
                  domains.b.memoryKiB: [131072]
                """);
        assertThat(plan.variants()).extracting(Variant::name)
                .containsExactly("domains.a.memoryKiB=65536 domains.b.memoryKiB=131072");
    }

    @Test
    void aSweepMayReachListElementsActionsAndGroupsByIndex() {
        ScenarioPlan plan = yaml(Documents.MINIMAL + """
                domains: [{name: a.b, memoryKiB: 65536, workload: [{kind: constant, kib: 1}]}]
                actions: [{at: 5m, op: pressure, kib: 1}]
                sweep:
                  domains[0].workload[0].kib: [10, 20]
                  actions[0].at: [1m, 90]
                """);
        assertThat(plan.variants()).extracting(Variant::name)
                .containsExactly("kib=10 at=1m", "kib=10 at=90", "kib=20 at=1m", "kib=20 at=90");
        assertThat(plan.variants().get(3).scenario().actions().get(0).atNanos()).isEqualTo(90 * SECOND);
        assertThat(plan.variants().get(3).scenario().domains().get(0).workload())
                .containsExactly(new WorkloadSpec.Constant(20));
    }

    @Test
    void aDocumentWithoutSweepIsOneVariantNamedBase() {
        ScenarioPlan plan = yaml(Documents.MINIMAL);
        assertThat(plan.sweep()).isEmpty();
        assertThat(plan.variants()).singleElement().satisfies(v -> {
            assertThat(v.name()).isEqualTo("base");
            assertThat(v.overrides()).isEmpty();
        });
    }

    @Test
    void durationsTakeEveryUnitAndPlainSeconds() {
        ScenarioPlan plan = yaml("""
                name: t
                duration: 1.5d
                sample: 500ms
                actions:
                  - {at: 90, op: pressure, kib: 1}
                  - {at: 0.25, op: pressure, kib: 1}
                  - {at: 15m, op: pressure, kib: 1}
                  - {at: 2h, op: pressure, kib: 1}
                """);
        Scenario s = plan.variants().get(0).scenario();
        assertThat(s.durationNanos()).isEqualTo(36 * HOUR);
        assertThat(s.sampleNanos()).isEqualTo(500_000_000L);
        assertThat(s.actions()).extracting(Action::atNanos)
                .containsExactly(250_000_000L, 90 * SECOND, 15 * MINUTE, 2 * HOUR);
    }

    @Test
    void theLastSampleIsTheEndEvenWhenTheDurationIsNotAMultipleOfTheSample() {
        Scenario s = yaml("name: t\nduration: 150s\nsample: 60s\n").variants().get(0).scenario();
        assertThat(s.sampleCount()).isEqualTo(4);
        assertThat(List.of(s.sampleTimeNanos(0), s.sampleTimeNanos(1), s.sampleTimeNanos(2), s.sampleTimeNanos(3)))
                .containsExactly(0L, 60 * SECOND, 120 * SECOND, 150 * SECOND);
    }

    @Test
    void workloadStepsDefaultToAMinute() {
        WorkloadSpec daily = yaml(Documents.MINIMAL + """
                domains: [{name: a, memoryKiB: 65536, workload: [{kind: daily, baseKiB: 1, amplitude: 1, peakAt: 0}]}]
                """).variants().get(0).scenario().domains().get(0).workload().get(0);
        assertThat(daily).isEqualTo(new WorkloadSpec.Daily(1, 1.0, 0, MINUTE));
    }
}
