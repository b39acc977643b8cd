package org.xenemu.scenarios.jar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xenemu.scenarios.web.ScenarioApiBlackBoxTest;

/**
 * The packaged command line's second JVM (docs/scenarios.md "Running it"): given no JVM option,
 * {@code java -jar xenemu.jar scenario …} runs the scenario in a JVM it starts with the serial
 * collector, and the first JVM's end is the run's end — a signal to it (or Ctrl-C to both) cancels
 * the run, a first JVM killed outright makes the second cancel — nothing written either way; given
 * a JVM option, the run stays where it was started and writes the same bytes. Failsafe runs it
 * after {@code package} (see {@link ScenarioJarIT}).
 */
class ScenarioBatchJvmIT {
    private static final Path JAR = Path.of(System.getProperty("xenemu.jar", "target/xenemu.jar"));
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;
    Path longDoc;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void packagedJar() throws IOException {
        assumeThat(System.getProperty("xenemu.jar")).as("the jar failsafe names after package (./mvnw verify)")
                .isNotNull();
        assumeThat(JAR).isRegularFile();
        try (InputStream in = Objects.requireNonNull(
                getClass().getResourceAsStream("/scenarios/bench/fleet-1000.yaml"), "the bench fleet")) {
            // six days of the bench fleet: it runs long after every check below
            String doc = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("duration: 24h", "duration: 6d");
            longDoc = Files.writeString(dir.resolve("long.yaml"), doc);
        }
    }

    @AfterEach
    void stopLeftovers() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private Process start(List<String> command) throws IOException {
        return start(command, Map.of());
    }

    private Process start(List<String> command, Map<String, String> environment) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("cli-" + started.size() + ".log").toFile());
        pb.environment().keySet().removeAll(List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"));
        pb.environment().putAll(environment);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private static List<String> cli(String... jvmOptionsThenArgs) {
        List<String> c = new ArrayList<>(List.of(JAVA));
        c.addAll(Arrays.asList(jvmOptionsThenArgs));
        return c;
    }

    /** The second JVM, once the first has started it. */
    private static ProcessHandle batchJvm(Process first) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> first.descendants().filter(ScenarioBatchJvmIT::isSerial).findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    private static boolean isSerial(ProcessHandle p) {
        return p.info().arguments().map(a -> Arrays.asList(a).contains("-XX:+UseSerialGC")).orElse(false);
    }

    private String log(int index) throws IOException {
        return Files.readString(dir.resolve("cli-" + index + ".log"));
    }

    /** Waits until the run in the second JVM is under way (its first progress line). */
    private void runUnderWay(int index) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> log(index).contains("progress "));
    }

    /** The first JVM ended with {@code status}, the second too, the run said so, and nothing was written. */
    private void assertCancelled(Process first, int status, ProcessHandle second) throws Exception {
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).isEqualTo(status);
        await().atMost(Duration.ofSeconds(30)).until(() -> !second.isAlive());
        assertThat(log(0)).contains("xenemu: cancelled");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    /** The long document run into {@code out}, started by {@code launcher} (none, or {@code setsid}). */
    private Process startLongRun(String... launcher) throws IOException {
        return startLongRun(Map.of(), launcher);
    }

    private Process startLongRun(Map<String, String> environment, String... launcher) throws IOException {
        List<String> command = new ArrayList<>(Arrays.asList(launcher));
        command.addAll(cli("-jar", JAR.toString(), "scenario", longDoc.toString(), "--out",
                dir.resolve("out").toString()));
        return start(command, environment);
    }

    /** The short document run by the command line into {@code out} with {@code environment}: its log. */
    private String shortRun(String out, Map<String, String> environment) throws Exception {
        return shortRun(JAR, out, environment);
    }

    /** The short document run by {@code jar}'s command line into {@code out}: its log. */
    private String shortRun(Path jar, String out, Map<String, String> environment) throws Exception {
        Path doc = dir.resolve("doc.yaml");
        if (!Files.exists(doc)) {
            Files.writeString(doc, ScenarioApiBlackBoxTest.DOC);
        }
        int index = started.size();
        Process p = start(cli("-jar", jar.toString(), "scenario", doc.toString(), "--out", dir.resolve(out).toString()),
                environment);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log(index)).isZero();
        return log(index);
    }

    private void assertSameFiles(String out, String other) throws IOException {
        for (String f : List.of("series.csv", "summary.json", "report.html")) {
            assertThat(Files.readAllBytes(dir.resolve(out).resolve(f))).as(out + "/" + f)
                    .isEqualTo(Files.readAllBytes(dir.resolve(other).resolve(f)));
        }
    }

    /** The cache's one entry. */
    private static Path entryOf(Path cache) throws IOException {
        try (var entries = Files.list(cache)) {
            List<Path> all = entries.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    @Test
    void theFirstRunUnpacksTheJarAndArchivesItsClassesAndLaterRunsStartFromThemWithTheSameBytes() throws Exception {
        Path cache = dir.resolve("cache");
        Map<String, String> env = Map.of("XENEMU_CACHE_DIR", cache.toString());
        String first = shortRun("first", env);
        Path entry = entryOf(cache);
        assertThat(entry.resolve("app").resolve("lib")).isDirectory();
        assertThat(entry.resolve("classes.jsa")).isRegularFile();
        assertThat(entry.resolve("classes.jsa.size")).hasContent(Long.toString(Files.size(entry.resolve("classes.jsa"))));

        Process later = startLongRun(env);
        List<String> arguments = Arrays.asList(batchJvm(later).info().arguments().orElseThrow());
        later.destroy();
        assertThat(later.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(arguments).contains("-XX:SharedArchiveFile=" + entry.resolve("classes.jsa"), "-Xlog:cds*=off");
        assertThat(arguments.get(arguments.indexOf("-jar") + 1)).startsWith(entry.resolve("app").toString());

        String again = shortRun("again", env);
        shortRun("none", Map.of("XENEMU_CACHE_DIR", "off"));
        assertSameFiles("again", "first");
        assertSameFiles("none", "first");
        for (String log : List.of(first, again)) {
            assertThat(log).as("nothing said about the cache").contains("wrote ").doesNotContain("[warning]", "[error", "cds");
        }
    }

    @Test
    void onJdk25TheCacheKeepsAnAheadOfTimeCacheAndLaterRunsStartFromItWithTheSameBytes() throws Exception {
        Path jdk25 = Path.of(Optional.ofNullable(System.getenv("XENEMU_JDK25_HOME"))
                .orElse("/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java");
        assumeThat(jdk25).as("a JDK 25 (XENEMU_JDK25_HOME)").isExecutable();
        Path cache = dir.resolve("cache");
        Map<String, String> env = Map.of("XENEMU_CACHE_DIR", cache.toString());
        Path doc = Files.writeString(dir.resolve("doc.yaml"), ScenarioApiBlackBoxTest.DOC);
        List<String> run = List.of(jdk25.toString(), "-jar", JAR.toString(), "scenario", doc.toString(), "--out");

        for (String out : List.of("first", "again")) {
            int index = started.size();
            List<String> command = new ArrayList<>(run);
            command.add(dir.resolve(out).toString());
            Process p = start(command, env);
            assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(log(index)).isZero();
            assertThat(log(index)).as("nothing said about the cache").contains("wrote ")
                    .doesNotContain("AOT", "[warning]", "[error", "cds");
        }
        Path entry = entryOf(cache);
        assertThat(entry.resolve("app.aot")).isRegularFile();
        assertThat(entry.resolve("app.aot.size")).hasContent(Long.toString(Files.size(entry.resolve("app.aot"))));

        Process later = start(new ArrayList<>(List.of(jdk25.toString(), "-jar", JAR.toString(), "scenario",
                longDoc.toString(), "--out", dir.resolve("out").toString())), env);
        List<String> arguments = Arrays.asList(batchJvm(later).info().arguments().orElseThrow());
        later.destroy();
        assertThat(later.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(arguments).contains("-XX:AOTCache=" + entry.resolve("app.aot"));

        shortRun("jdk17", Map.of("XENEMU_CACHE_DIR", "off"));
        assertSameFiles("first", "jdk17");
        assertSameFiles("again", "jdk17");
    }

    @Test
    void anEntryWhoseJarWasRebuiltIsPrunedButNotWhileARunStartedFromItGoesOn() throws Exception {
        Path cache = dir.resolve("cache");
        Map<String, String> env = Map.of("XENEMU_CACHE_DIR", cache.toString());
        Path jarA = Files.copy(JAR, dir.resolve("a.jar"));
        Path jarB = Files.copy(JAR, dir.resolve("b.jar"));
        shortRun(jarA, "a1", env);
        Path entryA = entryOf(cache);

        Process longRun = start(cli("-jar", jarA.toString(), "scenario", longDoc.toString(), "--out",
                dir.resolve("out").toString()), env);
        batchJvm(longRun);
        runUnderWay(started.size() - 1);
        // a.jar rebuilt while its run goes on; b.jar's first run makes its entry, then prunes
        Files.setLastModifiedTime(jarA, FileTime.fromMillis(Files.getLastModifiedTime(jarA).toMillis() + 60_000));
        shortRun(jarB, "b1", env);
        assertThat(entryA).as("a run started from it goes on").isDirectory();
        assertThat(longRun.isAlive()).isTrue();

        longRun.destroy();
        assertThat(longRun.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // the next run that makes an entry prunes: a.jar's, rebuilt, gets a new one
        shortRun(jarA, "a2", env);
        assertThat(entryA).as("its jar was rebuilt and no run uses it").doesNotExist();
        assertSameFiles("a2", "a1");
    }

    @Test
    void twoFirstRunsAtOnceBothSucceedAndLeaveOneEntry() throws Exception {
        Path cache = dir.resolve("cache");
        Map<String, String> env = Map.of("XENEMU_CACHE_DIR", cache.toString());
        Path doc = Files.writeString(dir.resolve("doc.yaml"), ScenarioApiBlackBoxTest.DOC);
        List<Process> both = new ArrayList<>();
        for (String out : List.of("one", "two")) {
            both.add(start(cli("-jar", JAR.toString(), "scenario", doc.toString(), "--out", dir.resolve(out).toString()),
                    env));
        }
        for (int i = 0; i < both.size(); i++) {
            assertThat(both.get(i).waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(both.get(i).exitValue()).as(log(i)).isZero();
            assertThat(log(i)).doesNotContain("[warning]", "[error", "cds", "Exception");
        }
        assertSameFiles("two", "one");
        Path entry = entryOf(cache);
        assertThat(entry.resolve("classes.jsa")).isRegularFile();
        try (var left = Files.list(cache)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temporaries left")
                    .containsExactly(entry.getFileName().toString());
        }
        shortRun("again", env);
        assertSameFiles("again", "one");
    }

    @Test
    void anArchiveCutShortIsMadeAgainAndTheRunDoesNotNotice() throws Exception {
        Path cache = dir.resolve("cache");
        Map<String, String> env = Map.of("XENEMU_CACHE_DIR", cache.toString());
        shortRun("first", env);
        Path archive = entryOf(cache).resolve("classes.jsa");
        byte[] whole = Files.readAllBytes(archive);
        Files.write(archive, Arrays.copyOf(whole, whole.length / 2)); // as a full disk might have left it

        String log = shortRun("again", env);

        assertSameFiles("again", "first");
        assertThat(log).doesNotContain("[warning]", "[error", "cds", "fatal");
        assertThat(Files.size(archive)).isEqualTo(Long.parseLong(
                Files.readString(archive.resolveSibling("classes.jsa.size")).trim()));
    }

    @Test
    void aCacheThatCannotBeMadeChangesNothing() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("cache-file"), "x");
        shortRun("first", Map.of("XENEMU_CACHE_DIR", "off"));

        String log = shortRun("again", Map.of("XENEMU_CACHE_DIR", notADirectory.toString()));

        assertSameFiles("again", "first");
        assertThat(log).contains("wrote ").doesNotContain("xenemu-cache", "Exception");
        assertThat(notADirectory).hasContent("x");
    }

    @Test
    void withoutJvmOptionsTheRunGoesToASecondJvmAndASignalToTheFirstCancelsIt() throws Exception {
        Process first = startLongRun();
        ProcessHandle second = batchJvm(first);
        assertThat(second.info().arguments().orElseThrow()).contains("-XX:+UseSerialGC",
                "-Dxenemu.scenario.batch-parent=" + first.pid());
        runUnderWay(0);

        first.destroy(); // SIGTERM to the first JVM only, as kill or timeout sends it

        assertCancelled(first, 143, second);
    }

    @Test
    void ctrlCStopsBothAndExits130() throws Exception {
        // its own process group, as a terminal's foreground job has, for Ctrl-C's SIGINT to reach both
        Process grouped = startLongRun("setsid");
        ProcessHandle second = batchJvm(grouped);
        runUnderWay(0);

        Process kill = new ProcessBuilder("kill", "-INT", "--", "-" + grouped.pid()).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();

        assertCancelled(grouped, 130, second);
    }

    @Test
    void whenTheFirstJvmIsKilledOutrightTheSecondCancelsItsRun() throws Exception {
        Process first = startLongRun();
        ProcessHandle second = batchJvm(first);
        runUnderWay(0);

        first.destroyForcibly(); // SIGKILL: no shutdown hook runs in the first JVM

        await().atMost(Duration.ofSeconds(30)).until(() -> !second.isAlive());
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void theJarsOwnMainHandsARunToTheSecondJvmBeforeSpringBootsLauncherIsLoaded() throws Exception {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            Attributes manifest = jar.getManifest().getMainAttributes();
            assertThat(manifest.getValue("Main-Class")).isEqualTo("org.xenemu.scenarios.cli.launch.JarMain");
            assertThat(manifest.getValue("Start-Class")).isEqualTo("org.xenemu.XenemuApplication");
            for (String c : List.of("JarMain", "BatchJvm", "BatchCache", "CliArguments")) {
                String path = "org/xenemu/scenarios/cli/launch/" + c + ".class";
                assertThat(jar.getEntry(path)).as("at the root: " + c).isNotNull();
                assertThat(jar.getEntry("BOOT-INF/classes/" + path)).as("in the application: " + c).isNotNull();
            }
            assertThat(jar.stream().filter(e -> e.getName().startsWith("BOOT-INF/lib/") && !e.isDirectory())
                    .allMatch(e -> e.getMethod() == ZipEntry.STORED)).as("nested jars stored").isTrue();
        }
        Process first = startLongRun();
        ProcessHandle second = batchJvm(first);
        runUnderWay(0);
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(first.pid()), "VM.class_hierarchy").redirectErrorStream(true).start();
        String classes = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jcmd.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(classes).contains("org.xenemu.scenarios.cli.launch.BatchJvm")
                .doesNotContain("org.springframework.boot.loader", "org.xenemu.XenemuApplication");
        first.destroy();
        assertCancelled(first, 143, second);
    }

    @Test
    void givenAJvmOptionTheRunStaysInTheJvmStartedWithTheSameBytes() throws Exception {
        Path doc = Files.writeString(dir.resolve("doc.yaml"), ScenarioApiBlackBoxTest.DOC);
        Process batch = start(cli("-jar", JAR.toString(), "scenario", doc.toString(), "--out",
                dir.resolve("batch").toString()));
        assertThat(batch.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(batch.exitValue()).as(log(0)).isZero();

        Process here = start(cli("-Dxenemu.example=1", "-jar", JAR.toString(), "scenario", doc.toString(), "--out",
                dir.resolve("here").toString()));
        boolean sawSecond = false;
        while (!here.waitFor(20, TimeUnit.MILLISECONDS)) {
            sawSecond |= here.descendants().findAny().isPresent();
        }
        assertThat(here.exitValue()).as(log(1)).isZero();
        assertThat(sawSecond).as("a second JVM").isFalse();
        for (String f : List.of("series.csv", "summary.json", "report.html")) {
            assertThat(Files.readAllBytes(dir.resolve("here").resolve(f))).as(f)
                    .isEqualTo(Files.readAllBytes(dir.resolve("batch").resolve(f)));
        }
    }
}
