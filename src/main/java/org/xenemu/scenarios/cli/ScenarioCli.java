package org.xenemu.scenarios.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.xenemu.scenarios.Cancellation;
import org.xenemu.scenarios.ScenarioCancelledException;
import org.xenemu.scenarios.ScenarioExecution;
import org.xenemu.scenarios.ScenarioFailedException;
import org.xenemu.scenarios.ScenarioResult;
import org.xenemu.scenarios.ScenarioRunner;
import org.xenemu.scenarios.cli.launch.BatchJvm;
import org.xenemu.scenarios.cli.launch.CliArguments;
import org.xenemu.scenarios.document.InvalidScenarioException;
import org.xenemu.scenarios.document.ScenarioFormat;
import org.xenemu.scenarios.document.ScenarioParser;
import org.xenemu.scenarios.document.ScenarioPlan;
import org.xenemu.scenarios.run.Availability;
import org.xenemu.scenarios.run.PrivateHostRunner;
import org.xenemu.scenarios.document.Variant;
import org.xenemu.scenarios.workload.Nanos;

/**
 * {@code java -jar xenemu.jar scenario FILE --out DIR [--sweep-parallelism N] [--quiet]}: validates
 * the document, runs its variants (in parallel, up to N — the machine's cores by default), and
 * writes {@code series.csv}, {@code summary.json} and {@code report.html} into DIR — the same bytes
 * {@code GET /scenarios/{id}/…} serves. {@code --check} validates and describes the plan without
 * running it. No Spring, no web server.
 *
 * <p>Output: progress on standard error (a bar on a terminal, a line per tenth otherwise; none
 * with {@code --quiet}); the files written on standard output; every error as one line on standard
 * error, {@code xenemu: …}. Exit status:
 * <ul>
 *   <li>0 — done (or, with {@code --check}, the document is valid);</li>
 *   <li>1 — the document is invalid: the line names the field ({@code xenemu: web.yaml:
 *       domains[0].workload[2].kind: unknown kind "sawtooth" (…)}); nothing ran;</li>
 *   <li>2 — the command line is wrong, or FILE cannot be read;</li>
 *   <li>3 — the run failed (a variant's runner failed, or DIR could not be written);</li>
 *   <li>130 — interrupted (Ctrl-C cancels every variant first).</li>
 * </ul>
 */
public final class ScenarioCli {
    public static final int OK = 0;
    public static final int INVALID_DOCUMENT = 1;
    public static final int USAGE = 2;
    public static final int RUN_FAILED = 3;
    public static final int INTERRUPTED = 130;

    /**
     * What {@link #main} runs variants with until the private-host runner exists: it refuses, so
     * a real run fails cleanly (exit 3) while {@code --check} already works.
     */
    private final ScenarioRunner runner;
    private final Consumer<ScenarioPlan> verifier;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    private final InputStream stdin;
    private final LongSupplier wallNanos;
    private final Cancellation cancellation = new Cancellation();

    public ScenarioCli(ScenarioRunner runner, PrintStream out, PrintStream err, boolean terminal, InputStream stdin,
                       LongSupplier wallNanos) {
        this(runner, plan -> { }, out, err, terminal, stdin, wallNanos);
    }

    /**
     * {@code verifier} refuses, with an {@link InvalidScenarioException}, a valid document that
     * {@code runner} cannot run (the private-host runner: {@link Availability#verify}); it runs
     * right after parsing, for {@code --check} too.
     */
    public ScenarioCli(ScenarioRunner runner, Consumer<ScenarioPlan> verifier, PrintStream out, PrintStream err,
                       boolean terminal, InputStream stdin, LongSupplier wallNanos) {
        this.runner = runner;
        this.verifier = verifier;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.stdin = stdin;
        this.wallNanos = wallNanos;
    }

    public static void main(String[] args) {
        // a run in a JVM of its own, unless this JVM is one already or JVM options were given
        BatchJvm.handOff(args);
        OptionalLong parent = BatchJvm.parent(System.getProperty(BatchJvm.PARENT_PROPERTY));
        boolean run = CliArguments.asksForRun(args);
        if (run) {
            Thread preload = new Thread(PrivateHostRunner::preload, "scenario-preload");
            preload.setDaemon(true);
            preload.start();
        }
        ScenarioCli cli = new ScenarioCli(new PrivateHostRunner(), Availability::verify, System.out, System.err,
                System.console() != null, System.in, System::nanoTime);
        CountDownLatch reported = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cli.cancel();
            try {
                // let the run say how it ended ("xenemu: cancelled") before the JVM halts
                reported.await(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "scenario-cli-cancel"));
        BatchJvm.watchParent(parent, cli::cancel);
        int status = cli.run(args);
        reported.countDown();
        System.exit(status);
    }

    /** Cancels a run in progress (what Ctrl-C does). */
    public void cancel() {
        cancellation.cancel();
    }

    public int run(String... argv) {
        CliArguments args;
        try {
            args = CliArguments.parse(List.of(argv));
        } catch (IllegalArgumentException e) {
            err.println("xenemu: " + e.getMessage() + " (" + CliArguments.USAGE + ")");
            return USAGE;
        }
        if (args.help()) {
            out.println(CliArguments.USAGE);
            return OK;
        }
        String file = args.file().orElseThrow();
        ScenarioPlan plan;
        try {
            plan = parse(file);
            verifier.accept(plan);
        } catch (InvalidScenarioException e) {
            err.println("xenemu: " + file + ": " + e.getMessage());
            return INVALID_DOCUMENT;
        } catch (NoSuchFileException e) {
            err.println("xenemu: " + file + ": no such file");
            return USAGE;
        } catch (IOException | UncheckedIOException e) {
            err.println("xenemu: " + file + ": cannot read it: " + e.getMessage());
            return USAGE;
        }
        if (args.check()) {
            describe(plan);
            return OK;
        }
        return execute(plan, args);
    }

    private ScenarioPlan parse(String file) throws IOException {
        if (file.equals("-")) {
            byte[] bytes = stdin.readNBytes(org.xenemu.scenarios.document.Limits.MAX_DOCUMENT_BYTES + 1);
            return ScenarioParser.parse(bytes, ScenarioFormat.sniff(bytes));
        }
        return ScenarioParser.parse(Path.of(file));
    }

    private void describe(ScenarioPlan plan) {
        Variant first = plan.variants().get(0);
        out.println(plan.name() + ": valid; " + plan.variants().size() + " variant(s), "
                + first.scenario().domainCountUpperBound() + " domain(s), " + Nanos.text(first.scenario().durationNanos())
                + " in " + first.scenario().sampleCount() + " samples");
        if (!plan.sweep().isEmpty()) {
            for (Variant v : plan.variants()) {
                out.println("  " + v.index() + ": " + v.name());
            }
        }
    }

    private int execute(ScenarioPlan plan, CliArguments args) {
        Path dir = args.out().orElseThrow();
        int parallelism = args.parallelism().orElse(ScenarioExecution.defaultParallelism());
        long perVariant = plan.variants().get(0).scenario().durationNanos();
        ProgressDisplay progress = new ProgressDisplay(err, terminal, wallNanos, perVariant);
        long start = wallNanos.getAsLong();
        // series.csv, the largest file, is started as soon as every series is recorded, while the
        // summaries are still being made (it needs only the series)
        AtomicReference<ScenarioResult.PendingFile> csv = new AtomicReference<>();
        AtomicReference<IOException> csvFailure = new AtomicReference<>();
        ScenarioResult result;
        try {
            result = ScenarioExecution.run(plan, runner, parallelism, args.quiet() ? p -> { } : progress, cancellation,
                    series -> {
                        try {
                            csv.set(ScenarioResult.startSeriesCsv(series, dir));
                        } catch (IOException e) {
                            csvFailure.set(e); // reported as the other files' failures are, below
                        }
                    });
        } catch (ScenarioCancelledException e) {
            abandon(csv.get());
            progress.finish();
            err.println("xenemu: cancelled");
            return INTERRUPTED;
        } catch (ScenarioFailedException e) {
            abandon(csv.get());
            progress.finish();
            err.println("xenemu: " + e.getMessage());
            return RUN_FAILED;
        } catch (RuntimeException e) {
            abandon(csv.get());
            progress.finish();
            err.println("xenemu: the run failed: " + oneLine(e));
            return RUN_FAILED;
        }
        progress.finish();
        List<Path> written;
        try {
            IOException failed = csvFailure.get();
            if (failed != null) {
                throw failed;
            }
            ScenarioResult.PendingFile started = csv.get();
            written = started != null ? result.writeFiles(dir, started) : result.writeFiles(dir);
        } catch (IOException | UncheckedIOException e) {
            err.println("xenemu: cannot write " + dir + ": " + oneLine(e));
            return RUN_FAILED;
        }
        if (!args.quiet()) {
            for (Path p : written) {
                out.println("wrote " + p + " (" + size(p) + " bytes)");
            }
            out.println(String.format(Locale.ROOT, "%s: %d variant(s) of %s virtual in %.1f s", plan.name(),
                    plan.variants().size(), Nanos.text(perVariant), (wallNanos.getAsLong() - start) / 1e9));
        }
        return OK;
    }

    private static void abandon(ScenarioResult.@Nullable PendingFile csv) {
        if (csv != null) {
            csv.abandon();
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    private static String oneLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.replaceAll("\\s+", " ").strip();
    }
}
