package org.xenemu.scenarios;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import org.xenemu.scenarios.document.ScenarioPlan;
import org.xenemu.scenarios.document.Variant;
import org.xenemu.scenarios.series.ScenarioSummary;
import org.xenemu.scenarios.series.Summaries;
import org.xenemu.scenarios.series.VariantSeries;

/**
 * Runs a plan's variants, up to {@code parallelism} at once (each on its own thread and its own
 * private host), and gathers their series and summaries in variant order — so the result does
 * not depend on which variant finished first. With fewer variants than {@code parallelism}
 * threads, each variant may use the spare ones ({@link ScenarioRunner#withThreadsPerVariant}); on a
 * pool the caller owns, one thread each.
 *
 * <p>Progress is reported from the runners' threads, possibly concurrently: the listener must be
 * thread-safe and quick. When a variant fails, the variants after it are cancelled and the failure
 * of the lowest-numbered failed variant is thrown as {@link ScenarioFailedException}; when the caller
 * cancels, {@link ScenarioCancelledException} is thrown once every runner has stopped.
 */
public final class ScenarioExecution {
    private ScenarioExecution() {
    }

    /** As many threads as the machine has cores, and never more than there are variants. */
    public static int defaultParallelism() {
        return Runtime.getRuntime().availableProcessors();
    }

    public static ScenarioResult run(ScenarioPlan plan, ScenarioRunner runner, int parallelism,
                                     Consumer<Progress> progress, Cancellation cancellation) {
        return run(plan, runner, parallelism, progress, cancellation, series -> { });
    }

    /**
     * As above, and calls {@code recorded} once, with every variant's series in variant order, as
     * soon as the last of them is recorded — before that variant's summary is made — on the thread
     * that recorded it. The command line starts writing {@code series.csv} there
     * ({@link ScenarioResult#startSeriesCsv}), so the file and the summaries are made at the same
     * time. Not called when a variant fails or the run is cancelled before every series is in.
     */
    public static ScenarioResult run(ScenarioPlan plan, ScenarioRunner runner, int parallelism,
                                     Consumer<Progress> progress, Cancellation cancellation,
                                     Consumer<List<VariantSeries>> recorded) {
        int threads = Math.max(1, Math.min(parallelism, plan.variants().size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, named(plan.name()));
        try {
            // fewer variants than threads: each may use the spare ones (a runner's series never depends on it)
            return run(plan, runner.withThreadsPerVariant(Math.max(1, parallelism / threads)), pool, progress,
                    cancellation, recorded);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * As above, on a pool the caller owns and keeps (the service's bounded pool shared by every
     * scenario, so that all of them together use at most its threads): the variants are queued on
     * it in order; a variant that starts after the run was cancelled or failed stops at once.
     */
    public static ScenarioResult run(ScenarioPlan plan, ScenarioRunner runner, ExecutorService pool,
                                     Consumer<Progress> progress, Cancellation cancellation) {
        return run(plan, runner, pool, progress, cancellation, series -> { });
    }

    private static ScenarioResult run(ScenarioPlan plan, ScenarioRunner runner, ExecutorService pool,
                                      Consumer<Progress> progress, Cancellation cancellation,
                                      Consumer<List<VariantSeries>> recorded) {
        List<Variant> variants = plan.variants();
        AtomicReferenceArray<VariantSeries> recordedSeries = new AtomicReferenceArray<>(variants.size());
        AtomicInteger unrecorded = new AtomicInteger(variants.size());
        long total = variants.stream().mapToLong(v -> v.scenario().durationNanos()).sum();
        AtomicLongArray reached = new AtomicLongArray(variants.size());
        AtomicLong done = new AtomicLong();
        AtomicInteger finished = new AtomicInteger();
        Cancellation stop = cancellation.child();
        // One switch per variant: a failing variant stops only the variants after it, so the
        // failure reported is always the first variant's (in variant order) that fails, however
        // the threads interleave.
        List<Cancellation> switches = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            switches.add(stop.child());
        }
        List<Future<Outcome>> futures = new ArrayList<>();
        for (Variant v : variants) {
            Cancellation own = switches.get(v.index());
            futures.add(pool.submit(() -> {
                own.verifyNotCancelled();
                ProgressListener listener = t -> {
                    long previous = reached.getAndSet(v.index(), t);
                    long now = done.addAndGet(t - previous);
                    progress.accept(new Progress(now, total, finished.get(), variants.size()));
                };
                VariantSeries series;
                try {
                    series = runner.run(v, listener, own);
                } catch (RuntimeException | Error e) {
                    if (!(e instanceof ScenarioCancelledException)) {
                        switches.subList(v.index() + 1, switches.size()).forEach(Cancellation::cancel);
                    }
                    throw e;
                }
                verify(v, series);
                recordedSeries.set(v.index(), series);
                if (unrecorded.decrementAndGet() == 0) {
                    VariantSeries[] all = new VariantSeries[variants.size()];
                    for (int i = 0; i < all.length; i++) {
                        all[i] = recordedSeries.get(i);
                    }
                    recorded.accept(List.of(all));
                }
                ScenarioSummary.VariantSummary summary = Summaries.of(series);
                long previous = reached.getAndSet(v.index(), v.scenario().durationNanos());
                long now = done.addAndGet(v.scenario().durationNanos() - previous);
                progress.accept(new Progress(now, total, finished.incrementAndGet(), variants.size()));
                return new Outcome(series, summary);
            }));
        }
        List<VariantSeries> series = new ArrayList<>();
        List<ScenarioSummary.VariantSummary> summaries = new ArrayList<>();
        RuntimeException failure = null;
        for (int i = 0; i < futures.size(); i++) {
            try {
                Outcome o = futures.get(i).get();
                series.add(o.series());
                summaries.add(o.summary());
            } catch (ExecutionException e) {
                stop.cancel();
                Throwable cause = e.getCause();
                if (failure == null && cause != null && !(cause instanceof ScenarioCancelledException)) {
                    failure = new ScenarioFailedException(variants.get(i).name(), cause);
                }
            } catch (InterruptedException e) {
                stop.cancel();
                Thread.currentThread().interrupt();
                throw new ScenarioCancelledException();
            }
        }
        if (failure != null) {
            throw failure;
        }
        if (series.size() < variants.size() || cancellation.isCancelled()) {
            throw new ScenarioCancelledException();
        }
        return new ScenarioResult(plan, series, new ScenarioSummary(plan.name(), summaries));
    }

    private static void verify(Variant v, VariantSeries series) {
        if (series.variant() != v || series.sampleCount() != v.scenario().sampleCount()) {
            throw new IllegalStateException("the runner returned another variant's series");
        }
    }

    private static ThreadFactory named(String scenario) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "scenario-" + scenario + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private record Outcome(VariantSeries series, ScenarioSummary.VariantSummary summary) {
    }
}
