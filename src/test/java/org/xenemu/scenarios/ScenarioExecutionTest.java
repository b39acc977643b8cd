package org.xenemu.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.xenemu.scenarios.document.ScenarioPlan;
import org.xenemu.scenarios.document.Variant;
import org.xenemu.scenarios.series.VariantSeries;

/** Variants run in parallel, come back in variant order, report progress, stop on cancel or failure. */
class ScenarioExecutionTest {
    private static final String SWEEP = """
            name: sweep
            seed: 7
            duration: 6h
            sample: 5m
            domains:
              - name: web
                count: 3
                memoryKiB: 262144
                kernel: {swapKiB: 65536}
                workload: [{kind: spikes, perHour: 4, kib: 100000, duration: 10m}, {kind: constant, kib: 150000}]
            sweep:
              domains.web.memoryKiB: [200000, 262144, 300000, 400000]
            """;

    @Test
    void theSameDocumentAndSeedGiveByteIdenticalSeriesSummaryAndReport() {
        ScenarioResult a = Runs.run(Runs.example());
        ScenarioResult b = ScenarioExecution.run(Runs.example(), new FakeRunner(), 1, p -> { }, new Cancellation());
        assertThat(Runs.csv(a)).isEqualTo(Runs.csv(b));
        assertThat(Runs.summary(a)).isEqualTo(Runs.summary(b));
        assertThat(Runs.report(a)).isEqualTo(Runs.report(b));
        ScenarioResult otherSeed = Runs.run(Runs.plan(SWEEP.replace("seed: 7", "seed: 8")));
        assertThat(Runs.csv(otherSeed)).isNotEqualTo(Runs.csv(Runs.run(Runs.plan(SWEEP))));
    }

    @Test
    void resultsComeInVariantOrderWhateverOrderTheyFinishIn() {
        ScenarioPlan plan = Runs.plan(SWEEP);
        CountDownLatch lastStarted = new CountDownLatch(1);
        ScenarioRunner slowFirst = (v, progress, cancel) -> {
            if (v.index() == 0) {
                await(lastStarted);
            }
            if (v.index() == 3) {
                lastStarted.countDown();
            }
            return new FakeRunner().run(v, progress, cancel);
        };
        ScenarioResult result = ScenarioExecution.run(plan, slowFirst, 4, p -> { }, new Cancellation());
        assertThat(result.series()).extracting(s -> s.variant().index()).containsExactly(0, 1, 2, 3);
        assertThat(result.summary().variants()).extracting(v -> v.name()).containsExactly("memoryKiB=200000",
                "memoryKiB=262144", "memoryKiB=300000", "memoryKiB=400000");
    }

    @Test
    void everySeriesIsHandedOverOnceInVariantOrderAsSoonAsTheLastIsRecorded() {
        List<List<VariantSeries>> handed = new CopyOnWriteArrayList<>();
        ScenarioResult result = ScenarioExecution.run(Runs.plan(SWEEP), new FakeRunner(), 2, p -> { },
                new Cancellation(), handed::add);
        assertThat(handed).hasSize(1);
        assertThat(handed.get(0)).containsExactlyElementsOf(result.series());
    }

    @Test
    void noSeriesAreHandedOverWhenAVariantFails() {
        List<List<VariantSeries>> handed = new CopyOnWriteArrayList<>();
        ScenarioRunner lastFails = (v, progress, c) -> {
            if (v.index() == 3) {
                throw new IllegalStateException("ENOMEM");
            }
            return new FakeRunner().run(v, progress, c);
        };
        assertThatThrownBy(() -> ScenarioExecution.run(Runs.plan(SWEEP), lastFails, 2, p -> { }, new Cancellation(),
                handed::add)).isInstanceOf(ScenarioFailedException.class);
        assertThat(handed).isEmpty();
    }

    @Test
    void variantsRunOnSeveralThreadsUpToTheParallelism() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch bothRunning = new CountDownLatch(2);
        ScenarioRunner runner = (v, progress, cancel) -> {
            threads.add(Thread.currentThread().getName());
            bothRunning.countDown();
            await(bothRunning);
            return new FakeRunner().run(v, progress, cancel);
        };
        ScenarioExecution.run(Runs.plan(SWEEP), runner, 2, p -> { }, new Cancellation());
        assertThat(threads).hasSize(2).allSatisfy(t -> assertThat(t).startsWith("scenario-sweep-"));
    }

    @Test
    void progressCountsVirtualTimeOverAllVariantsAndEndsAtOne() {
        List<Progress> seen = new CopyOnWriteArrayList<>();
        ScenarioExecution.run(Runs.plan(SWEEP), new FakeRunner(), 2, seen::add, new Cancellation());
        assertThat(seen).isNotEmpty();
        assertThat(seen).allSatisfy(p -> {
            assertThat(p.virtualNanosTotal()).isEqualTo(4 * 6 * 3600 * 1_000_000_000L);
            assertThat(p.fraction()).isBetween(0.0, 1.0);
        });
        Progress last = seen.stream().filter(p -> p.variantsDone() == 4).findFirst().orElseThrow();
        assertThat(last.fraction()).isEqualTo(1.0);
    }

    @Test
    void cancellingStopsEveryVariant() {
        Cancellation cancel = new Cancellation();
        AtomicReference<Integer> stoppedAt = new AtomicReference<>();
        ScenarioRunner runner = (v, progress, c) -> {
            for (int i = 0; ; i++) {
                if (i == 100 && v.index() == 0) {
                    cancel.cancel();
                }
                if (c.isCancelled()) {
                    stoppedAt.set(i);
                }
                c.verifyNotCancelled();
                Thread.onSpinWait();
            }
        };
        assertThatThrownBy(() -> ScenarioExecution.run(Runs.plan(SWEEP), runner, 2, p -> { }, cancel))
                .isInstanceOf(ScenarioCancelledException.class);
        assertThat(stoppedAt.get()).isNotNull();
    }

    @Test
    void aFailingVariantCancelsTheVariantsAfterItAndIsNamed() {
        Set<Integer> started = ConcurrentHashMap.newKeySet();
        Set<Integer> cancelled = ConcurrentHashMap.newKeySet();
        CountDownLatch failed = new CountDownLatch(1);
        ScenarioRunner runner = (v, progress, c) -> {
            started.add(v.index());
            if (v.index() == 1) {
                failed.countDown();
                throw new IllegalStateException("actions[2]: create batch:\n ENOMEM");
            }
            if (v.index() == 0) {
                await(failed);
                return new FakeRunner().run(v, progress, c); // a variant before the failure ends on its own
            }
            return spinUntilCancelled(v, c, cancelled);
        };
        assertThatThrownBy(() -> ScenarioExecution.run(Runs.plan(SWEEP), runner, 2, p -> { }, new Cancellation()))
                .isInstanceOf(ScenarioFailedException.class)
                .hasMessage("variant \"memoryKiB=262144\": actions[2]: create batch: ENOMEM")
                .satisfies(e -> assertThat(((ScenarioFailedException) e).variant()).isEqualTo("memoryKiB=262144"));
        // every later variant that got to run was stopped; none ran to its end (they never end on their own)
        started.removeAll(Set.of(0, 1));
        assertThat(cancelled).isEqualTo(started);
    }

    @Test
    void theFailureReportedIsTheFirstFailingVariantsWhicheverFailsFirst() {
        CountDownLatch lastFailed = new CountDownLatch(1);
        Set<Integer> cancelled = ConcurrentHashMap.newKeySet();
        ScenarioRunner runner = (v, progress, c) -> switch (v.index()) {
            case 0 -> new FakeRunner().run(v, progress, c);
            case 1 -> {
                await(lastFailed);
                throw new IllegalStateException("second variant fails later");
            }
            case 3 -> {
                lastFailed.countDown();
                throw new IllegalStateException("last variant fails first");
            }
            default -> spinUntilCancelled(v, c, cancelled);
        };
        assertThatThrownBy(() -> ScenarioExecution.run(Runs.plan(SWEEP), runner, 4, p -> { }, new Cancellation()))
                .isInstanceOf(ScenarioFailedException.class)
                .hasMessage("variant \"memoryKiB=262144\": second variant fails later");
        // the variant between them is stopped, whether before it started or while it ran
        assertThat(cancelled).isSubsetOf(2);
    }

    private static VariantSeries spinUntilCancelled(Variant v, Cancellation c, Set<Integer> cancelled) {
        while (true) {
            try {
                c.verifyNotCancelled();
            } catch (ScenarioCancelledException e) {
                cancelled.add(v.index());
                throw e;
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void aRunnerMustReturnItsOwnVariantsSeries() {
        ScenarioPlan plan = Runs.plan(SWEEP);
        Variant other = plan.variants().get(0);
        ScenarioRunner wrong = (v, p, c) -> {
            VariantSeries s = new FakeRunner().run(other, p, c);
            return s;
        };
        assertThatThrownBy(() -> ScenarioExecution.run(plan, wrong, 1, p -> { }, new Cancellation()))
                .isInstanceOf(ScenarioFailedException.class).hasMessageContaining("another variant's series");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
