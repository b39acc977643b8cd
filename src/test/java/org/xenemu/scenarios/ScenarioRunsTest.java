package org.xenemu.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xenemu.caller.Caller;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.scenarios.ScenarioRuns.State;
import org.xenemu.scenarios.ScenarioRuns.Status;
import org.xenemu.scenarios.run.Availability;
import org.xenemu.scenarios.run.PrivateHostRunner;

/**
 * The HTTP door's own logic, with real pools: several scenarios run at once with a progress each,
 * a running one is cancelled and stays, a finished one is forgotten, a run that fails mid-way says
 * why and has no outputs, the store keeps at most its size, only dom0 may use it.
 */
class ScenarioRunsTest {
    private static final String DOC = """
            name: %s
            duration: 10m
            sample: 60s
            domains:
              - {name: web, memoryKiB: 262144}
            """;

    private final ExecutorService coordinators = Executors.newCachedThreadPool();
    private final ExecutorService variants = Executors.newFixedThreadPool(2);
    private final AtomicLong wall = new AtomicLong();

    @AfterEach
    void stop() {
        coordinators.shutdownNow();
        variants.shutdownNow();
    }

    /** Runs a scenario's first sample, then waits for its latch before the rest (the fake runner's arithmetic). */
    private static final class Gated implements ScenarioRunner {
        final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();

        CountDownLatch gate(String scenario) {
            return gates.computeIfAbsent(scenario, k -> new CountDownLatch(1));
        }

        @Override
        public org.xenemu.scenarios.series.VariantSeries run(org.xenemu.scenarios.document.Variant v,
                                                               ProgressListener progress, Cancellation c) {
            progress.advanced(v.scenario().durationNanos() / 2);
            CountDownLatch gate = gate(v.scenario().name());
            while (true) {
                c.verifyNotCancelled();
                try {
                    if (gate.await(10, TimeUnit.MILLISECONDS)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ScenarioCancelledException();
                }
            }
            return new FakeRunner().run(v, progress, c);
        }
    }

    private ScenarioRuns door(ScenarioRunner runner, int maxStored) {
        return new ScenarioRuns(runner, Availability::verify, coordinators, variants, maxStored, wall::get);
    }

    private static Status submit(ScenarioRuns runs, String document) {
        ScenarioRuns.Submission s = runs.submit(Caller.DOM0,
                new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)), "application/yaml");
        assertThat(s.refused()).isEmpty();
        return s.accepted().orElseThrow();
    }

    private static State state(ScenarioRuns runs, String id) {
        return runs.status(Caller.DOM0, id).state();
    }

    @Test
    void severalScenariosRunAtOnceEachWithItsOwnProgress() {
        Gated runner = new Gated();
        ScenarioRuns runs = door(runner, 4);
        Status a = submit(runs, DOC.formatted("a"));
        Status b = submit(runs, DOC.formatted("b"));
        assertThat(a.id()).isNotEqualTo(b.id());
        // both are half-way at once: each runs on its own thread of the shared pool
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.status(Caller.DOM0, a.id()).progress() == 0.5
                && runs.status(Caller.DOM0, b.id()).progress() == 0.5);
        wall.set(2_500_000_000L);
        Status running = runs.status(Caller.DOM0, a.id());
        assertThat(running.state()).isEqualTo(State.RUNNING);
        assertThat(running.virtualSeconds()).isEqualTo(300.0);
        assertThat(running.wallSeconds()).isEqualTo(2.5);
        assertThat(running.error()).isEmpty();
        assertThatThrownBy(() -> runs.result(Caller.DOM0, a.id())).isInstanceOfSatisfying(XenException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.EBUSY));

        runner.gate("b").countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> state(runs, b.id()) == State.DONE);
        assertThat(state(runs, a.id())).as("a still waits for its gate").isEqualTo(State.RUNNING);
        assertThat(runs.status(Caller.DOM0, b.id()).progress()).isEqualTo(1.0);
        assertThat(runs.result(Caller.DOM0, b.id()).plan().name()).isEqualTo("b");
        runner.gate("a").countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> state(runs, a.id()) == State.DONE);
        assertThat(runs.list(Caller.DOM0)).extracting(Status::name).containsExactly("a", "b");
    }

    @Test
    void deletingARunningScenarioCancelsItAndItStaysThenDeletingItAgainForgetsIt() {
        ScenarioRuns runs = door(new Gated(), 4);
        Status s = submit(runs, DOC.formatted("long"));
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.status(Caller.DOM0, s.id()).progress() > 0);
        runs.delete(Caller.DOM0, s.id());
        await().atMost(Duration.ofSeconds(10)).until(() -> state(runs, s.id()) == State.CANCELLED);
        assertThatThrownBy(() -> runs.result(Caller.DOM0, s.id())).isInstanceOfSatisfying(XenException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.EBUSY));
        runs.delete(Caller.DOM0, s.id());
        assertThatThrownBy(() -> runs.status(Caller.DOM0, s.id())).isInstanceOfSatisfying(XenException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
    }

    @Test
    void aRunThatFailsMidWaySaysWhyAndHasNoOutputs() {
        ScenarioRuns runs = door(new PrivateHostRunner(), 4);
        Status s = submit(runs, """
                name: too-big
                duration: 1h
                host: {memoryKiB: 4194304}
                domains:
                  - {name: web, memoryKiB: 262144}
                actions:
                  - {at: 30m, op: create, domain: {name: batch, memoryKiB: 8388608, staticMaxKiB: 8388608}}
                """);
        await().atMost(Duration.ofSeconds(30)).until(() -> state(runs, s.id()) != State.RUNNING);
        Status failed = runs.status(Caller.DOM0, s.id());
        assertThat(failed.state()).isEqualTo(State.FAILED);
        assertThat(failed.error()).hasValueSatisfying(e -> assertThat(e)
                .startsWith("variant \"base\": actions[0].domain: create batch: ENOMEM"));
        assertThat(failed.virtualSeconds()).as("the last sample before the failure, at 29 min").isEqualTo(1740.0);
        assertThatThrownBy(() -> runs.result(Caller.DOM0, s.id())).isInstanceOfSatisfying(XenException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.EBUSY));
    }

    @Test
    void aNewScenarioPushesOutTheOldestFinishedOneAndIsRefusedWhenAllStillRun() {
        Gated runner = new Gated();
        ScenarioRuns runs = door(runner, 2);
        runner.gate("first").countDown();
        Status first = submit(runs, DOC.formatted("first"));
        await().atMost(Duration.ofSeconds(10)).until(() -> state(runs, first.id()) == State.DONE);
        Status second = submit(runs, DOC.formatted("second"));
        Status third = submit(runs, DOC.formatted("third"));
        assertThat(runs.list(Caller.DOM0)).extracting(Status::id).containsExactly(second.id(), third.id());
        assertThatThrownBy(() -> submit(runs, DOC.formatted("fourth"))).isInstanceOfSatisfying(XenException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.EBUSY));
        assertThat(runs.list(Caller.DOM0)).extracting(Status::id).containsExactly(second.id(), third.id());
        runs.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> state(runs, second.id()) == State.CANCELLED
                && state(runs, third.id()) == State.CANCELLED);
    }

    @Test
    void anInvalidDocumentIsRefusedNamingTheFieldAndNothingIsKept() {
        ScenarioRuns runs = door(new FakeRunner(), 4);
        ScenarioRuns.Submission s = runs.submit(Caller.DOM0, new ByteArrayInputStream(
                "{\"name\": \"x\", \"duration\": \"1h\", \"domains\": [{\"name\": \"a\", \"memoryKiB\": -1}]}"
                        .getBytes(StandardCharsets.UTF_8)), null);
        assertThat(s.accepted()).isEmpty();
        assertThat(s.refused()).hasValueSatisfying(r -> {
            assertThat(r.field()).isEqualTo("domains[0].memoryKiB");
            assertThat(r.detail()).startsWith("domains[0].memoryKiB: ");
        });
        assertThatThrownBy(() -> runs.submit(Caller.DOM0, new ByteArrayInputStream(new byte[0]), "image/png"))
                .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
        assertThat(runs.list(Caller.DOM0)).isEmpty();
    }

    @Test
    void onlyDom0MayRunOrSeeScenarios() {
        ScenarioRuns runs = door(new FakeRunner(), 4);
        Caller guest = Caller.guest(3, true);
        assertThatThrownBy(() -> runs.submit(guest, new ByteArrayInputStream(DOC.formatted("a")
                .getBytes(StandardCharsets.UTF_8)), "application/yaml"))
                .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EACCES));
        assertThatThrownBy(() -> runs.list(guest))
                .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EACCES));
        assertThat(runs.list(Caller.DOM0)).isEmpty();
    }
}
