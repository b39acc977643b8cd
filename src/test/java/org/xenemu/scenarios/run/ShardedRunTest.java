package org.xenemu.scenarios.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xenemu.scenarios.Cancellation;
import org.xenemu.scenarios.ProgressListener;
import org.xenemu.scenarios.Runs;
import org.xenemu.scenarios.ScenarioCancelledException;
import org.xenemu.scenarios.ScenarioExecution;
import org.xenemu.scenarios.ScenarioFailedException;
import org.xenemu.scenarios.ScenarioResult;
import org.xenemu.scenarios.document.ScenarioFormat;
import org.xenemu.scenarios.document.ScenarioParser;
import org.xenemu.scenarios.document.ScenarioPlan;
import org.xenemu.scenarios.document.Variant;
import org.xenemu.scenarios.series.SeriesCsv;
import org.xenemu.scenarios.series.VariantSeries;

/**
 * A variant split over several private hosts (one thread each) gives the single host's series byte
 * for byte — or is run on one host when that cannot be proven (docs/scenarios.md "Running").
 */
class ShardedRunTest {
    /** Every kind of action a split variant may have, on domains of several groups, some created late. */
    static final String MIXED = """
            name: mixed
            seed: 11
            duration: 3h
            sample: 60s
            host: {memoryKiB: 8388608, nodes: 2}
            domains:
              - name: web
                count: 5
                memoryKiB: 262144
                staticMaxKiB: 524288
                kernel: {swapKiB: 131072, tmem: true, overcommitMemory: 1}
                selfballoon: {selfballoonDownhysteresis: 4}
                workload:
                  - {kind: constant, kib: 120000}
                  - {kind: daily, baseKiB: 60000, amplitude: 0.5, peakAt: 1h}
                  - {kind: spikes, perHour: 6, kib: 120000, duration: 60s}
              - name: db
                count: 2
                memoryKiB: 524288
                staticMaxKiB: 1048576
                dynamicMinKiB: 262144
                dynamicMaxKiB: 1048576
                workload: [{kind: ramp, fromKiB: 100000, toKiB: 400000, start: 10m, end: 2h}]
              - name: flaky
                memoryKiB: 262144
                fault: {mode: stuck}
                workload: [{kind: random-walk, kib: 50000, stepKiB: 4096, every: 5m}]
            actions:
              - {at: 20m, op: create, domain: {name: batch, count: 3, memoryKiB: 131072, workload: [{kind: constant, kib: 40000}]}}
              - {at: 30m, op: mem-set, domain: batch-2, kib: 100000}
              - {at: 35m, op: mem-set, domain: flaky, kib: 200000}
              - {at: 40m, op: mem-max, domain: web-3, kib: 600000}
              - {at: 45m, op: selfballoon, domain: web-1, selfballoonUphysteresis: 4}
              - {at: 50m, op: dynamic-range, domain: db-1, minKiB: 300000, maxKiB: 800000}
              - {at: 55m, op: fault, domain: web-2, mode: intermittent, periodSeconds: 120}
              - {at: 90m, op: destroy, domain: batch-1}
              - {at: 100m, op: create, domain: {name: batch-1, memoryKiB: 65536}}
            """;

    private static PrivateHostRunner oneHost() {
        return new PrivateHostRunner();
    }

    private static PrivateHostRunner split(int parts) {
        return new PrivateHostRunner().withThreads(parts, 1);
    }

    /** The series as {@code series.csv} gives it. */
    static byte[] csv(VariantSeries s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SeriesCsv.write(List.of(s), out);
        return out.toByteArray();
    }

    private static Variant only(ScenarioPlan plan) {
        return plan.variants().get(0);
    }

    private static VariantSeries run(PrivateHostRunner runner, Variant v) {
        return runner.run(v, ProgressListener.NONE, new Cancellation());
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4})
    void aSplitVariantGivesTheSingleHostsBytes(int parts) {
        Variant v = only(Runs.plan(MIXED));
        assertThat(ShardedRun.splittable(v.scenario(), parts, 1)).isTrue();
        assertThat(new ShardedRun(v, parts, ProgressListener.NONE, new Cancellation()).go())
                .as("the split was kept, not run again on one host").isPresent();
        assertThat(csv(run(split(parts), v))).isEqualTo(csv(run(oneHost(), v)));
    }

    @Test
    void theBenchFleetSplitInTwoGivesTheSingleHostsFiles() throws IOException {
        ScenarioPlan plan = ScenarioParser.parse(Files.readAllBytes(Path.of("src/test/resources/scenarios/bench/fleet-100.yaml")),
                ScenarioFormat.YAML);
        assertThat(ShardedRun.splittable(only(plan).scenario(), 2, ShardedRun.MIN_DOMAINS)).isTrue();
        // the CLI's way: one variant, two threads, so the variant may use both
        ScenarioResult both = ScenarioExecution.run(plan, oneHost(), 2, p -> { }, new Cancellation());
        ScenarioResult one = ScenarioExecution.run(plan, oneHost(), 1, p -> { }, new Cancellation());
        assertThat(Runs.csv(both)).isEqualTo(Runs.csv(one));
        assertThat(Runs.summary(both)).isEqualTo(Runs.summary(one));
    }

    @Test
    void everyExampleVariantGivesTheSameSeriesSplitOrNot() throws IOException {
        try (var files = Files.list(Path.of("examples"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                ScenarioPlan plan = ScenarioParser.parse(Files.readAllBytes(f), ScenarioFormat.YAML);
                Variant v = only(plan);
                assertThat(csv(run(split(2), v))).as(f.toString()).isEqualTo(csv(run(oneHost(), v)));
            }
        }
    }

    @Test
    void aHostTooSmallForTheSplitRunsTheVariantOnOneHost() {
        // each part alone fits, the four together do not: grants would come up short on one host
        String tight = """
                name: tight
                seed: 3
                duration: 30m
                host: {memoryKiB: 3145728, nodes: 1, dom0KiB: 524288}
                domains:
                  - name: g
                    count: 8
                    memoryKiB: 131072
                    staticMaxKiB: 1048576
                    workload: [{kind: constant, kib: 20000}]
                actions:
                  - {at: 10m, op: mem-set, domain: g-1, kib: 1000000}
                  - {at: 10m, op: mem-set, domain: g-2, kib: 1000000}
                  - {at: 10m, op: mem-set, domain: g-3, kib: 1000000}
                  - {at: 10m, op: mem-set, domain: g-4, kib: 1000000}
                """;
        Variant v = only(Runs.plan(tight));
        assertThat(new ShardedRun(v, 4, ProgressListener.NONE, new Cancellation()).go())
                .as("the parts saw it could not be one host").isEmpty();
        AtomicLong last = new AtomicLong(-1);
        List<Long> heard = new ArrayList<>();
        VariantSeries s = split(4).run(v, t -> {
            heard.add(t);
            assertThat(t).as("progress never goes back").isGreaterThan(last.getAndSet(t));
        }, new Cancellation());
        assertThat(csv(s)).isEqualTo(csv(run(oneHost(), v)));
        assertThat(heard).last().isEqualTo(v.scenario().durationNanos());
    }

    @Test
    void aFailingSplitVariantFailsWithTheSingleHostsMessage() {
        String doc = """
                name: too-big
                duration: 10m
                host: {memoryKiB: 2097152}
                domains: [{name: a, count: 4, memoryKiB: 131072}]
                actions: [{at: 5m, op: create, domain: {name: huge, memoryKiB: 1900000}}]
                """;
        ScenarioPlan plan = Runs.plan(doc);
        Throwable one = catchFailure(() -> run(oneHost(), only(plan)));
        Throwable split = catchFailure(() -> run(split(2), only(plan)));
        assertThat(one).hasMessageContaining("actions[0]").hasMessageContaining("ENOMEM");
        assertThat(split).hasMessage(one.getMessage());
        assertThatThrownBy(() -> ScenarioExecution.run(plan, oneHost().withThreads(2, 1), 2, p -> { }, new Cancellation()))
                .isInstanceOf(ScenarioFailedException.class).hasMessageContaining("ENOMEM");
    }

    private static Throwable catchFailure(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("the run did not fail");
    }

    @Test
    void variantsWithABalancerAReservationOrPressureAreNotSplit() {
        String base = """
                name: n
                duration: 10m
                host: {memoryKiB: 4194304%s}
                domains: [{name: a, count: 4, memoryKiB: 131072}]
                %s
                """;
        assertThat(ShardedRun.splittable(only(Runs.plan(base.formatted("", ""))).scenario(), 2, 1)).isTrue();
        assertThat(ShardedRun.splittable(only(Runs.plan(base.formatted("", ""))).scenario(), 2, 5))
                .as("fewer domains than worth a thread").isFalse();
        assertThat(ShardedRun.splittable(only(Runs.plan(base.formatted(", balancer: {policy: squeezed}", ""))).scenario(), 2, 1))
                .isFalse();
        assertThat(ShardedRun.splittable(only(Runs.plan(base.formatted("",
                "actions: [{at: 1m, op: pressure, kib: 1024}]"))).scenario(), 2, 1)).isFalse();
        assertThat(ShardedRun.splittable(only(Runs.plan(base.formatted("",
                "actions: [{at: 1m, op: balancer, policy: mom}]"))).scenario(), 2, 1)).isFalse();
        assertThat(ShardedRun.splittable(only(Runs.plan(base.formatted("",
                "actions: [{at: 1m, op: reserve, kib: 1024}]"))).scenario(), 2, 1)).isFalse();
    }

    @Test
    void cancellingASplitRunStopsEveryPart() {
        Cancellation c = new Cancellation();
        Variant v = only(Runs.plan(MIXED));
        assertThatThrownBy(() -> split(3).run(v, t -> {
            if (t >= 3_600_000_000_000L) {
                c.cancel();
            }
        }, c)).isInstanceOf(ScenarioCancelledException.class);
    }
}
