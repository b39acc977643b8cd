package org.xenemu.scenarios.cli.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A scenario run in a JVM started for it and tuned for a batch job: the command line, given no
 * JVM option at all ({@code java -jar xenemu.jar scenario …}), starts the same command once more
 * with {@link #OPTIONS} and waits for it, handing it its standard streams and passing on its exit
 * status (docs/scenarios.md "Running it").
 *
 * <p>Why: a run is a few seconds of allocation-heavy computation on one heap, the job the serial
 * collector is made for, while the JVM picks G1 on any machine with two cores; G1's barriers on
 * every reference store (in interpreted, C1 and C2 code alike) and its larger compiled code cost
 * a 1,000-domain day about a fifth of its CPU, more than a second JVM's start (BENCHMARKS.md
 * "Scenarios", eighth pass). A running JVM cannot change its collector, and a jar's manifest
 * cannot name JVM options.
 *
 * <p>Given any JVM option ({@code -XX:+UseG1GC}, {@code -Xmx…}, even {@code -Dx=y}) or any of
 * the environment variables the JVM takes options from, the run stays in the JVM that was started,
 * with those options: whoever tunes the JVM gets what they asked for.
 *
 * <p>Stopping: a signal to the first JVM (Ctrl-C, {@code kill}, {@code timeout}) is passed on to
 * the second, whose run is cancelled as it would be in one JVM, and waited for; if the first JVM
 * is killed outright, the second sees its parent gone and cancels its run too.
 */
public final class BatchJvm {
    /**
     * What the batch JVM is started with: the serial collector, and C2 left for code called ten
     * times as often as its defaults ask. C2 shares the machine's cores with the run through all of
     * a short run, and its defaults have it compile code that is hot for a moment and never again
     * (the launcher's, the parser's, the fleet build's), which C1 serves well enough; the engines'
     * code, called millions of times, still reaches it (BENCHMARKS.md "Scenarios", ninth pass). A
     * JVM that does not know an option (one built without C2) ignores it.
     */
    static final List<String> OPTIONS = List.of("-XX:+IgnoreUnrecognizedVMOptions", "-XX:+UseSerialGC",
            "-XX:Tier4InvocationThreshold=50000", "-XX:Tier4MinInvocationThreshold=6000",
            "-XX:Tier4CompileThreshold=150000", "-XX:Tier4BackEdgeThreshold=400000");
    /**
     * Added to {@link #OPTIONS} when the command runs as root, where the JVM may raise a thread's
     * priority: Java's priorities become Linux nice values, which puts the JIT's compiler threads
     * (and the VM thread, which collects) at nice −4 against the run's 0. Compiled code then comes
     * sooner while the run waits in slower code, which costs a 1,000-domain day about a tenth of
     * its CPU (BENCHMARKS.md "Scenarios", tenth pass). Another user's JVM could only warn that it
     * may not (on standard output, among the run's lines), so it does not get the option.
     */
    static final List<String> ROOT_OPTIONS = List.of("-XX:ThreadPriorityPolicy=1");
    /** The system property that tells the batch JVM which process started it. */
    public static final String PARENT_PROPERTY = "xenemu.scenario.batch-parent";
    /** Environment variables through which the JVM takes options. */
    static final List<String> OPTION_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");
    /** How long a stopping first JVM lets the batch JVM stop by itself before passing the signal on. */
    static final long STOP_GRACE_MILLIS = 200;

    /** Whether {@link #handOff} has decided in this JVM (the jar's main and the command line both call it). */
    private static boolean decided;

    private BatchJvm() {
    }

    /**
     * Runs the scenario command line {@code args} ({@code scenario …}) in a batch JVM and exits
     * this one with its status, if the command asks for a run and nothing keeps it here: this JVM
     * is a batch JVM already ({@link #PARENT_PROPERTY}), or JVM options were given
     * ({@link #command}), or the batch JVM could not be started. Returns otherwise, and at once on
     * a second call in the same JVM ({@link JarMain} calls it before Spring Boot's launcher, and the
     * command line again after it).
     */
    public static synchronized void handOff(String[] args) {
        if (decided) {
            return;
        }
        decided = true;
        if (parent(System.getProperty(PARENT_PROPERTY)).isPresent() || !CliArguments.asksForRun(args)) {
            return;
        }
        ProcessHandle self = ProcessHandle.current();
        ProcessHandle.Info info = self.info(); // each call reads /proc again
        Optional<List<String>> batch = command(info.command(), info.arguments(), System.getenv(), self.pid(),
                runsAsRoot(procStatus()));
        if (batch.isEmpty()) {
            return;
        }
        // started from the jar unpacked and its classes' archive, once a run has made them
        BatchCache.Launch launch = BatchCache.prepare(
                BatchCache.root(System.getenv(), System.getProperty("user.home")), batch.get(),
                System.getProperty("java.home", ""), System.getProperty("java.vm.version", ""),
                Runtime.version().feature(), Clock.systemUTC());
        Optional<Integer> status = run(launch.command());
        if (status.isPresent()) {
            launch.ended().accept(status.get());
            System.exit(status.get());
        }
    }

    /**
     * The batch JVM's command for this process's command line ({@code command}: the java
     * executable, {@code arguments}: everything after it; {@code pid}: this process), or empty when
     * the run stays here: a JVM option was given (anything before {@code -jar}), the process was
     * not started with {@code -jar}, or the environment passes options. {@code root}: whether this
     * process runs as root ({@link #ROOT_OPTIONS}).
     */
    static Optional<List<String>> command(Optional<String> command, Optional<String[]> arguments,
                                          Map<String, String> environment, long pid, boolean root) {
        if (command.isEmpty() || arguments.isEmpty()) {
            return Optional.empty();
        }
        String[] args = arguments.get();
        if (args.length < 2 || !args[0].equals("-jar")) {
            return Optional.empty();
        }
        for (String variable : OPTION_VARIABLES) {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                return Optional.empty();
            }
        }
        List<String> out = new ArrayList<>();
        out.add(command.get());
        out.addAll(OPTIONS);
        if (root) {
            out.addAll(ROOT_OPTIONS);
        }
        out.add("-D" + PARENT_PROPERTY + "=" + pid);
        out.addAll(Arrays.asList(args));
        return Optional.of(out);
    }

    /**
     * Whether this process's effective user is root, from {@code status} (Linux's
     * {@code /proc/self/status}: its {@code Uid:} line, real then effective); false where there
     * is none.
     */
    static boolean runsAsRoot(Optional<String> status) {
        if (status.isEmpty()) {
            return false;
        }
        // a loop, not a stream: this runs in the first JVM, whose every millisecond is the user's
        for (String line : status.get().split("\n")) {
            if (line.startsWith("Uid:")) {
                String[] ids = line.substring(4).trim().split("\\s+");
                return ids.length > 1 && ids[1].equals("0");
            }
        }
        return false;
    }

    /** This process's {@code /proc/self/status}, if it has one (Linux). */
    static Optional<String> procStatus() {
        try {
            return Optional.of(Files.readString(Path.of("/proc/self/status")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Runs {@code command} with this process's standard streams and answers its exit status; a
     * shutdown of this JVM (a signal) is passed on to it and waited for. Empty if it could not be
     * started: the caller then runs the scenario here.
     */
    static Optional<Integer> run(List<String> command) {
        Process child;
        try {
            child = new ProcessBuilder(command).inheritIO().start();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Ctrl-C reaches the whole process group, so the batch JVM is stopping already; a
            // signal to this process alone (kill, timeout) is passed on to it
            if (!waitFor(child, STOP_GRACE_MILLIS)) {
                child.destroy(); // SIGTERM: the run is cancelled, as on Ctrl-C
            }
            waitUninterruptibly(child);
        }, "scenario-batch-jvm-stop"));
        return Optional.of(waitUninterruptibly(child));
    }

    private static boolean waitFor(Process p, long millis) {
        try {
            return p.waitFor(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }

    private static int waitUninterruptibly(Process p) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return p.waitFor();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** In the batch JVM: the process that started it, from {@link #PARENT_PROPERTY}; else empty. */
    public static OptionalLong parent(@Nullable String propertyValue) {
        if (propertyValue == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(propertyValue));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** In the batch JVM: runs {@code whenGone} once the process that started it has ended. */
    public static void watchParent(OptionalLong parentPid, Runnable whenGone) {
        if (parentPid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid.getAsLong());
        if (parent.isEmpty()) {
            whenGone.run();
            return;
        }
        parent.get().onExit().thenRun(whenGone);
    }
}
