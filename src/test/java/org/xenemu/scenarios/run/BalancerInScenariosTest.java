package org.xenemu.scenarios.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.xenemu.caller.Caller;
import org.xenemu.scenarios.Cancellation;
import org.xenemu.scenarios.Runs;
import org.xenemu.scenarios.ScenarioExecution;
import org.xenemu.scenarios.ScenarioResult;
import org.xenemu.scenarios.document.InvalidScenarioException;
import org.xenemu.scenarios.document.ScenarioPlan;
import org.xenemu.scenarios.series.DomainColumn;
import org.xenemu.scenarios.series.DomainTrack;
import org.xenemu.scenarios.series.HostColumn;
import org.xenemu.scenarios.series.VariantSeries;
import org.xenemu.toolstack.EmulatedHost;

/**
 * The document's balancer members on the private host, through the balancer's and the balloon's
 * doors: the policy (at the start, by an action, swept), reservations as actions (a domain built
 * from its reservation once ready, never if it fails, the blamed domain counted), balloon faults and
 * dynamic ranges.
 */
class BalancerInScenariosTest {
    /** Four guests of 1 GiB that may go down to 256 MiB; at 10 min the host takes what is free. */
    private static final String SQUEEZE = """
            name: squeeze
            duration: 30m
            sample: 30s
            host: {memoryKiB: 6291456, nodes: 1, balancer: {policy: %s}}
            domains:
              - name: g
                count: 4
                memoryKiB: 1048576
                staticMaxKiB: 1048576
                dynamicMinKiB: 262144
                dynamicMaxKiB: 1048576
                workload: [{kind: constant, kib: 100000}]
            actions:
              - {at: 10m, op: pressure, kib: 4194304}
            """;

    private static VariantSeries run(String doc) {
        return run(Runs.plan(doc), new PrivateHostRunner()).series().get(0);
    }

    private static ScenarioResult run(ScenarioPlan plan, PrivateHostRunner runner) {
        Availability.verify(plan);
        return ScenarioExecution.run(plan, runner, 2, p -> { }, new Cancellation());
    }

    private static DomainTrack track(VariantSeries s, String name) {
        return s.domains().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
    }

    private static long last(long[] values) {
        return values[values.length - 1];
    }

    @Test
    void squeezedGivesThePressuredHostItsFreeTargetBackFromTheGuestsWhileNoneLeavesThemAlone() {
        VariantSeries none = run(SQUEEZE.formatted("none"));
        VariantSeries squeezed = run(SQUEEZE.formatted("squeezed"));
        assertThat(last(track(none, "g-1").values(DomainColumn.TARGET_KIB))).isEqualTo(1048576);
        long target = last(track(squeezed, "g-1").values(DomainColumn.TARGET_KIB));
        assertThat(target).isLessThan(1048576).isGreaterThanOrEqualTo(262144);
        assertThat(last(track(squeezed, "g-1").values(DomainColumn.CURRENT_KIB))).isEqualTo(target);
        int lastSample = squeezed.sampleCount() - 1;
        assertThat(squeezed.hasGamma(lastSample)).as("squeezed's γ is in the series").isTrue();
        assertThat(none.hasGamma(lastSample)).isFalse();
        assertThat(last(squeezed.host(HostColumn.FREE_KIB))).isGreaterThan(last(none.host(HostColumn.FREE_KIB)));
    }

    @Test
    void aSweepOverThePolicyComparesThemSideBySide() {
        ScenarioPlan plan = Runs.plan(SQUEEZE.formatted("none") + "sweep: {host.balancer.policy: [none, squeezed, mom]}\n");
        ScenarioResult r = run(plan, new PrivateHostRunner());
        assertThat(r.summary().variants()).extracting(v -> v.name())
                .containsExactly("policy=none", "policy=squeezed", "policy=mom");
        assertThat(r.summary().variants().get(1).fleet().avgHeldKiB())
                .isLessThan(r.summary().variants().get(0).fleet().avgHeldKiB());
    }

    @Test
    void aBalancerActionSwitchesThePolicyAtItsTime() {
        VariantSeries s = run(SQUEEZE.formatted("none").replace("""
                  - {at: 10m, op: pressure, kib: 4194304}
                """, """
                  - {at: 10m, op: pressure, kib: 4194304}
                  - {at: 20m, op: balancer, policy: squeezed, intervalSeconds: 5}
                """));
        long[] target = track(s, "g-1").values(DomainColumn.TARGET_KIB);
        assertThat(target[39]).as("19:30, before the switch").isEqualTo(1048576);
        assertThat(last(target)).isLessThan(1048576);
    }

    @Nested
    class Reservations {
        /** 14 GiB: Xen, dom0 and four guests of 2 GiB leave 4.9 GiB free, and the three cooperative guests can give 4.5 GiB more. */
        private static final String FULL = """
                name: full
                duration: 20m
                sample: 10s
                host: {memoryKiB: 14680064, nodes: 1, balancer: {policy: squeezed}}
                domains:
                  - name: coop
                    count: 3
                    memoryKiB: 2097152
                    dynamicMinKiB: 524288
                    dynamicMaxKiB: 2097152
                    workload: [{kind: constant, kib: 200000}]
                  - name: stuck
                    memoryKiB: 2097152
                    dynamicMinKiB: 524288
                    dynamicMaxKiB: 2097152
                    fault: {mode: %s}
                    workload: [{kind: constant, kib: 200000}]
                actions:
                  - {at: 5m, op: reserve, domain: {name: batch, memoryKiB: %d, workload: [{kind: constant, kib: 100000}]}}
                  - {at: 15m, op: mem-set, domain: batch, kib: 2097152}
                """;

        @Test
        void aDomainIsBuiltFromItsReservationOnceTheBalancerHasTheMemory() {
            List<EmulatedHost> hosts = new ArrayList<>();
            VariantSeries s = run(Runs.plan(FULL.formatted("none", 6291456)), new PrivateHostRunner(hosts::add))
                    .series().get(0);
            DomainTrack batch = track(s, "batch");
            assertThat(batch.firstSample()).as("built after 5 min, once squeezed made room").isGreaterThan(30);
            assertThat(batch.values(DomainColumn.TARGET_KIB)[0]).isEqualTo(6291456);
            assertThat(last(batch.values(DomainColumn.TARGET_KIB))).as("a later action names it").isEqualTo(2097152);
            assertThat(s.domains()).allSatisfy(d -> assertThat(last(d.values(DomainColumn.BALANCER_FAILURES)))
                    .as("nobody blamed").isZero());
            long[] coop = track(s, "coop-1").values(DomainColumn.TARGET_KIB);
            assertThat(coop[batch.firstSample()]).as("squeezed to make room").isLessThan(2097152);
            assertThat(last(coop)).as("given back once the batch is mem-set down").isEqualTo(2097152);
            EmulatedHost host = hosts.get(0);
            host.scheduler().locked(host.host()::verifyConservation);
            assertThat(host.balancer().reservations(Caller.DOM0)).singleElement()
                    .satisfies(v -> assertThat(v.state()).isEqualTo("transferred"));
        }

        @Test
        void aStuckGuestMakesItFailTheDomainIsNeverBuiltAndTheStuckGuestIsBlamed() {
            VariantSeries s = run(FULL.formatted("stuck", 9961472));
            assertThat(s.domains()).extracting(DomainTrack::name).doesNotContain("batch");
            assertThat(last(s.host(HostColumn.BALANCER_FAILURES))).isPositive();
            assertThat(last(track(s, "stuck").values(DomainColumn.BALANCER_FAILURES))).isEqualTo(1);
            assertThat(last(track(s, "coop-1").values(DomainColumn.BALANCER_FAILURES))).isZero();
            assertThat(last(track(s, "stuck").values(DomainColumn.CURRENT_KIB))).as("it never moved")
                    .isEqualTo(2097152);
        }

        @Test
        void anAmountIsHeldToTheEndAndShowsAsReserved() {
            VariantSeries s = run("""
                    name: hold
                    duration: 5m
                    sample: 10s
                    host: {memoryKiB: 4194304, nodes: 1, balancer: {policy: squeezed}}
                    actions: [{at: 1m, op: reserve, kib: 1048576}]
                    """);
            long[] reserved = s.host(HostColumn.RESERVED_KIB);
            assertThat(reserved[5]).isZero();
            assertThat(last(reserved)).isEqualTo(1048576);
        }
    }

    @Test
    void aStuckFaultKeepsTheGuestWhereItIsAndAFaultActionLiftsIt() {
        VariantSeries s = run("""
                name: stuck
                duration: 10m
                domains: [{name: a, memoryKiB: 1048576, fault: {mode: stuck}}]
                actions:
                  - {at: 1m, op: mem-set, domain: a, kib: 524288}
                  - {at: 5m, op: fault, domain: a, mode: none}
                """);
        long[] current = track(s, "a").values(DomainColumn.CURRENT_KIB);
        long[] target = track(s, "a").values(DomainColumn.TARGET_KIB);
        assertThat(target[4]).isEqualTo(524288);
        assertThat(current[4]).isEqualTo(1048576);
        assertThat(last(current)).isEqualTo(524288);
    }

    @Test
    void aDynamicRangeActionIsWhereSqueezedMovesTheGuest() {
        VariantSeries s = run(SQUEEZE.formatted("squeezed").replace("""
                  - {at: 10m, op: pressure, kib: 4194304}
                """, """
                  - {at: 1m, op: dynamic-range, domain: g-1, minKiB: 786432, maxKiB: 786432}
                """));
        assertThat(last(track(s, "g-1").values(DomainColumn.TARGET_KIB))).isEqualTo(786432);
    }

    @Nested
    class Refusals {
        private InvalidScenarioException refusal(String doc) {
            try {
                Availability.verify(Runs.plan(doc));
            } catch (InvalidScenarioException e) {
                return e;
            }
            throw new AssertionError("accepted");
        }

        @Test
        void anActionSetsOnlyWhatPutHostBalancerTakes() {
            InvalidScenarioException e = refusal("""
                    name: b
                    duration: 1h
                    actions: [{at: 1m, op: balancer, policy: squeezed, freeMemoryToleranceKiB: 1024}]
                    """);
            assertThat(e.field()).isEqualTo("actions[0].freeMemoryToleranceKiB");
            assertThat(e.getMessage()).contains("host.balancer only");
            assertThat(refusal("""
                    name: b
                    duration: 1h
                    actions: [{at: 1m, op: balancer, policy: mom, historyLength: 3}]
                    """).field()).isEqualTo("actions[0].historyLength");
            assertThat(refusal("""
                    name: b
                    duration: 1h
                    actions: [{at: 1m, op: balancer, policy: squeezed, intervalSeconds: 1.5}]
                    """).field()).isEqualTo("actions[0].intervalSeconds");
        }

        @Test
        void aSweptValueTheActionCannotTakeIsRefusedAtTheSweepValue() {
            assertThat(refusal("""
                    name: b
                    duration: 1h
                    actions: [{at: 1m, op: balancer, policy: squeezed, intervalSeconds: 5}]
                    sweep: {"actions[0].intervalSeconds": [5, 0.5]}
                    """).field()).isEqualTo("sweep[\"actions[0].intervalSeconds\"][1]");
        }

        @Test
        void everyPolicyFaultRangeAndReservationRuns() {
            Availability.verify(Runs.plan(SQUEEZE.formatted("mom")
                    + "sweep: {host.balancer.policy: [none, squeezed, mom]}\n"));
            Availability.verify(Runs.plan(Reservations.FULL.formatted("intermittent, periodSeconds: 30", 6291456)));
        }
    }
}
