package org.xenemu.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xenemu.scenarios.FakeRunner;
import org.xenemu.scenarios.Runs;
import org.xenemu.scenarios.ScenarioResult;
import org.xenemu.scenarios.ScenarioRunner;
import org.xenemu.scenarios.cli.launch.CliArguments;

/** The command line: files written, exit codes, one-line errors, progress where it belongs. */
class ScenarioCliTest {
    private static final String DOC = """
            name: cli
            seed: 5
            duration: 2h
            sample: 10m
            domains:
              - {name: web, count: 2, memoryKiB: 262144, kernel: {swapKiB: 65536},
                 workload: [{kind: random-walk, kib: 200000, stepKiB: 8192, every: 5m}]}
            sweep:
              domains.web.memoryKiB: [200000, 262144]
            """;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final AtomicLong clock = new AtomicLong();

    private int run(ScenarioRunner runner, boolean terminal, String... args) {
        ScenarioCli cli = new ScenarioCli(runner, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), terminal,
                new ByteArrayInputStream(DOC.getBytes(StandardCharsets.UTF_8)), () -> clock.addAndGet(150_000_000L));
        return cli.run(args);
    }

    private int run(String... args) {
        return run(new FakeRunner(), false, args);
    }

    private Path doc(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Nested
    class Success {
        @Test
        void writesTheThreeFilesWithTheBytesHttpWouldServe() throws Exception {
            Path file = doc("cli.yaml", DOC);
            Path outDir = dir.resolve("out/nested");
            assertThat(run("scenario", file.toString(), "--out", outDir.toString())).isEqualTo(ScenarioCli.OK);
            ScenarioResult same = Runs.run(Runs.plan(DOC));
            assertThat(Files.readAllBytes(outDir.resolve("series.csv"))).isEqualTo(Runs.csv(same));
            assertThat(Files.readAllBytes(outDir.resolve("summary.json"))).isEqualTo(Runs.summary(same));
            assertThat(Files.readAllBytes(outDir.resolve("report.html"))).isEqualTo(Runs.report(same));
            assertThat(out()).contains("wrote " + outDir.resolve("series.csv")).contains("cli: 2 variant(s) of 2h");
            try (var listing = Files.list(outDir)) {
                assertThat(listing.map(p -> p.getFileName().toString()))
                        .containsExactlyInAnyOrder("series.csv", "summary.json", "report.html");
            }
        }

        @Test
        void takesOptionsInAnyOrderAndInEitherForm() throws Exception {
            Path file = doc("cli.yaml", DOC);
            assertThat(run("--sweep-parallelism=1", "--out=" + dir.resolve("o"), file.toString(), "-q"))
                    .isEqualTo(ScenarioCli.OK);
            assertThat(out()).isEmpty();
            assertThat(err()).isEmpty();
        }

        @Test
        void readsTheDocumentFromStandardInput() {
            assertThat(run("-", "--out", dir.resolve("o").toString())).isEqualTo(ScenarioCli.OK);
            assertThat(dir.resolve("o/summary.json")).exists();
        }

        @Test
        void checkValidatesAndDescribesThePlanWithoutRunning() throws Exception {
            Path file = doc("cli.yaml", DOC);
            ScenarioRunner mustNotRun = (v, p, c) -> {
                throw new AssertionError("ran");
            };
            assertThat(run(mustNotRun, false, file.toString(), "--check")).isEqualTo(ScenarioCli.OK);
            assertThat(out()).isEqualTo("cli: valid; 2 variant(s), 2 domain(s), 2h in 13 samples\n"
                    + "  0: memoryKiB=200000\n  1: memoryKiB=262144\n");
        }

        @Test
        void onlyARunLoadsTheEnginesAheadOnASecondThread() {
            assertThat(CliArguments.asksForRun("scenario", "f.yaml", "--out", "o")).isTrue();
            assertThat(CliArguments.asksForRun("scenario", "f.yaml", "--check")).isFalse();
            assertThat(CliArguments.asksForRun("scenario", "--help")).isFalse();
            assertThat(CliArguments.asksForRun("scenario", "f.yaml", "--turbo")).isFalse();
        }

        @Test
        void helpPrintsTheUsage() {
            assertThat(run("--help")).isEqualTo(ScenarioCli.OK);
            assertThat(out()).startsWith("usage: java -jar xenemu.jar scenario FILE --out DIR");
        }
    }

    @Nested
    class Errors {
        @Test
        void anInvalidDocumentIsOneLineNamingTheFieldAndNothingIsWritten() throws Exception {
            Path file = doc("bad.yaml", DOC.replace("kind: random-walk", "kind: sawtooth"));
            Path outDir = dir.resolve("never");
            assertThat(run(file.toString(), "--out", outDir.toString())).isEqualTo(ScenarioCli.INVALID_DOCUMENT);
            assertThat(err()).isEqualTo("xenemu: " + file + ": domains[0].workload[0].kind: unknown kind \"sawtooth\" "
                    + "(one of constant, daily, spikes, ramp, random-walk)\n");
            assertThat(outDir).doesNotExist();
            assertThat(out()).isEmpty();
        }

        @Test
        void aWrongCommandLineExitsTwoWithTheUsage() throws Exception {
            Path file = doc("cli.yaml", DOC);
            assertThat(run()).isEqualTo(ScenarioCli.USAGE);
            assertThat(run(file.toString())).isEqualTo(ScenarioCli.USAGE);
            assertThat(run(file.toString(), "--out")).isEqualTo(ScenarioCli.USAGE);
            assertThat(run(file.toString(), "--out", "x", "--turbo")).isEqualTo(ScenarioCli.USAGE);
            assertThat(run(file.toString(), "--out", "x", "--sweep-parallelism", "0")).isEqualTo(ScenarioCli.USAGE);
            assertThat(run(file.toString(), file.toString(), "--out", "x")).isEqualTo(ScenarioCli.USAGE);
            assertThat(err().lines()).hasSize(6).allSatisfy(l -> assertThat(l).startsWith("xenemu: ").contains("usage:"));
        }

        @Test
        void aMissingFileExitsTwo() {
            assertThat(run(dir.resolve("nope.yaml").toString(), "--out", "x")).isEqualTo(ScenarioCli.USAGE);
            assertThat(err()).isEqualTo("xenemu: " + dir.resolve("nope.yaml") + ": no such file\n");
        }

        @Test
        void aFailedRunExitsThreeNamingTheVariant() throws Exception {
            Path file = doc("cli.yaml", DOC);
            ScenarioRunner failing = (v, p, c) -> {
                throw new IllegalStateException("ENOMEM creating web-2");
            };
            assertThat(run(failing, false, file.toString(), "--out", dir.resolve("o").toString(), "-q"))
                    .isEqualTo(ScenarioCli.RUN_FAILED);
            assertThat(err()).isEqualTo("xenemu: variant \"memoryKiB=200000\": ENOMEM creating web-2\n");
        }

        @Test
        void anUnwritableOutputExitsThree() throws Exception {
            Path file = doc("cli.yaml", DOC);
            Path blocker = Files.writeString(dir.resolve("file"), "x");
            assertThat(run(file.toString(), "--out", blocker.resolve("sub").toString(), "-q"))
                    .isEqualTo(ScenarioCli.RUN_FAILED);
            assertThat(err()).startsWith("xenemu: cannot write ").doesNotContain("\n\n").hasLineCount(1);
        }

        @Test
        void aRunnerThatFailsMidWayExitsThreeWithOneLine() throws Exception {
            Path file = doc("cli.yaml", DOC);
            org.xenemu.scenarios.ScenarioRunner failing = (variant, progress, cancellation) -> {
                throw new IllegalStateException("actions[0]: mem-set: EINVAL: target\nabove static-max");
            };
            assertThat(run(failing, false, file.toString(), "--out", dir.toString(), "-q"))
                    .isEqualTo(ScenarioCli.RUN_FAILED);
            assertThat(err()).contains("actions[0]: mem-set: EINVAL: target above static-max").hasLineCount(1);
        }
    }

    @Nested
    class ProgressOutput {
        @Test
        void onATerminalIsABarRedrawnInPlaceThenANewLine() throws Exception {
            Path file = doc("cli.yaml", DOC);
            assertThat(run(new FakeRunner(), true, file.toString(), "--out", dir.resolve("o").toString()))
                    .isEqualTo(ScenarioCli.OK);
            String e = err();
            assertThat(e).startsWith("\r  [").contains("100%").contains("2/2 variants").endsWith("\n");
            assertThat(e.chars().filter(c -> c == '\n').count()).as("one line, redrawn with \\r").isEqualTo(1);
        }

        @Test
        void elsewhereIsALinePerTenth() throws Exception {
            Path file = doc("cli.yaml", DOC);
            assertThat(run(file.toString(), "--out", dir.resolve("o").toString())).isEqualTo(ScenarioCli.OK);
            List<String> lines = err().lines().toList();
            assertThat(lines).allSatisfy(l -> assertThat(l).matches("progress \\d+0?%"));
            assertThat(lines).last().isEqualTo("progress 100%");
            assertThat(err()).doesNotContain("\r");
        }
    }

    @Test
    void runsInAPlainJvmWithoutSpringAndReportsItsExitStatus() throws Exception {
        Path good = doc("good.json", "{\"name\": \"x\", \"duration\": \"1h\"}");
        Path bad = doc("bad.json", "{\"name\": \"x\", \"duration\": \"60\"}");
        assertThat(java(good.toString(), "--check")).isEqualTo(List.of("0", "x: valid; 1 variant(s), 0 domain(s), 1h in 61 samples"));
        assertThat(java(bad.toString(), "--check")).isEqualTo(List.of("1",
                "xenemu: " + bad + ": duration: \"60\" has no unit; write 60s (or a number of seconds without quotes)"));
        assertThat(java(good.toString(), "--out", dir.resolve("o").toString(), "-q")).containsExactly("0");
        assertThat(dir.resolve("o")).isDirectoryContaining("glob:**/series.csv").isDirectoryContaining("glob:**/report.html")
                .isDirectoryContaining("glob:**/summary.json");
    }

    /** {@code java -jar xenemu.jar scenario …}: the application's main hands over before any Spring class loads. */
    @Test
    void theApplicationsMainDispatchesTheScenarioCommandWithoutLoadingSpring() throws Exception {
        Path good = doc("good.json", "{\"name\": \"x\", \"duration\": \"1h\"}");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:stdout", "-cp", System.getProperty("java.class.path"),
                org.xenemu.XenemuApplication.class.getName(), "scenario", good.toString(), "--check"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(output).contains("x: valid;").doesNotContain("org.springframework.boot.SpringApplication ");
    }

    /** Runs ScenarioCli.main in a fresh JVM: [exit status, stdout and stderr lines…]. */
    private static List<String> java(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ScenarioCli.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> result = new ArrayList<>(List.of(Integer.toString(p.exitValue())));
        result.addAll(output.lines().toList());
        return result;
    }
}
