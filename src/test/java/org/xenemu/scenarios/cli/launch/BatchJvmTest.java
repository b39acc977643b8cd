package org.xenemu.scenarios.cli.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Which command lines go to a JVM of their own, and with what (docs/scenarios.md "Running it"). */
class BatchJvmTest {
    private static final Optional<String> JAVA = Optional.of("/usr/lib/jvm/x/bin/java");

    private static Optional<String[]> args(String... a) {
        return Optional.of(a);
    }

    @Test
    void aCommandLineWithoutJvmOptionsIsStartedAgainWithTheSerialCollectorAndItsParentNamed() {
        assertThat(BatchJvm.command(JAVA, args("-jar", "xenemu.jar", "scenario", "d y.yaml", "--out", "o"), Map.of(), 42, false))
                .contains(List.of("/usr/lib/jvm/x/bin/java", "-XX:+IgnoreUnrecognizedVMOptions", "-XX:+UseSerialGC",
                        "-XX:Tier4InvocationThreshold=50000", "-XX:Tier4MinInvocationThreshold=6000",
                        "-XX:Tier4CompileThreshold=150000", "-XX:Tier4BackEdgeThreshold=400000",
                        "-Dxenemu.scenario.batch-parent=42", "-jar", "xenemu.jar", "scenario", "d y.yaml",
                        "--out", "o"));
    }

    @Test
    void asRootTheCompilerThreadsGetAHigherPriorityThanTheRun() {
        List<String> root = BatchJvm.command(JAVA, args("-jar", "xenemu.jar", "scenario", "d.yaml"), Map.of(), 42, true)
                .orElseThrow();
        assertThat(root).containsSubsequence("-XX:Tier4BackEdgeThreshold=400000", "-XX:ThreadPriorityPolicy=1",
                "-Dxenemu.scenario.batch-parent=42");
        assertThat(BatchJvm.command(JAVA, args("-jar", "xenemu.jar", "scenario", "d.yaml"), Map.of(), 42, false)
                .orElseThrow()).doesNotContain("-XX:ThreadPriorityPolicy=1");
    }

    @Test
    void rootIsTheEffectiveUserInProcStatus() {
        assertThat(BatchJvm.runsAsRoot(Optional.of("Name:\tjava\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n"))).isTrue();
        assertThat(BatchJvm.runsAsRoot(Optional.of("Name:\tjava\nUid:\t1000\t1000\t1000\t1000\n"))).isFalse();
        assertThat(BatchJvm.runsAsRoot(Optional.of("Uid:\t0\t1000\t1000\t1000\n"))).as("effective, not real").isFalse();
        assertThat(BatchJvm.runsAsRoot(Optional.of("Uid:\t1000\t0\t0\t0\n"))).isTrue();
        assertThat(BatchJvm.runsAsRoot(Optional.of("Name:\tjava\n"))).isFalse();
        assertThat(BatchJvm.runsAsRoot(Optional.empty())).isFalse();
    }

    /** The options are ignored by a JVM that does not know them, so a misspelt one would go unseen. */
    @Test
    void theBatchJvmsOptionsAreOnesThisJvmKnowsAndTakes() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(BatchJvm.OPTIONS.stream().filter(o -> !o.equals("-XX:+IgnoreUnrecognizedVMOptions")).toList());
        command.addAll(BatchJvm.ROOT_OPTIONS);
        command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).containsPattern("UseSerialGC\\s+= true")
                .containsPattern("Tier4InvocationThreshold\\s+= 50000")
                .containsPattern("Tier4MinInvocationThreshold\\s+= 6000")
                .containsPattern("Tier4CompileThreshold\\s+= 150000")
                .containsPattern("Tier4BackEdgeThreshold\\s+= 400000")
                .containsPattern("ThreadPriorityPolicy\\s+= 1");
    }

    @Test
    void anyJvmOptionKeepsTheRunInTheJvmStarted() {
        assertThat(BatchJvm.command(JAVA, args("-XX:+UseG1GC", "-jar", "xenemu.jar", "scenario", "d.yaml"), Map.of(), 1, false))
                .isEmpty();
        assertThat(BatchJvm.command(JAVA, args("-Dx=y", "-jar", "xenemu.jar", "scenario", "d.yaml"), Map.of(), 1, false))
                .isEmpty();
    }

    @Test
    void optionsFromTheEnvironmentKeepTheRunInTheJvmStarted() {
        for (String variable : BatchJvm.OPTION_VARIABLES) {
            assertThat(BatchJvm.command(JAVA, args("-jar", "xenemu.jar", "scenario", "d.yaml"),
                    Map.of(variable, "-Xmx2g"), 1, false)).as(variable).isEmpty();
        }
        assertThat(BatchJvm.command(JAVA, args("-jar", "xenemu.jar", "scenario", "d.yaml"),
                Map.of("JAVA_TOOL_OPTIONS", " "), 1, false)).as("blank").isPresent();
    }

    @Test
    void withoutAJarOrWithoutTheProcessesCommandLineTheRunStays() {
        assertThat(BatchJvm.command(JAVA, args("-cp", "x", "org.xenemu.XenemuApplication", "scenario"), Map.of(), 1, false))
                .isEmpty();
        assertThat(BatchJvm.command(JAVA, Optional.empty(), Map.of(), 1, false)).isEmpty();
        assertThat(BatchJvm.command(Optional.empty(), args("-jar", "xenemu.jar", "scenario"), Map.of(), 1, false)).isEmpty();
    }

    @Test
    void theBatchJvmKnowsItsParentAndCancelsWhenItIsGone() {
        assertThat(BatchJvm.parent(null)).isEmpty();
        assertThat(BatchJvm.parent("junk")).isEmpty();
        assertThat(BatchJvm.parent("42")).hasValue(42);
        AtomicBoolean cancelled = new AtomicBoolean();
        BatchJvm.watchParent(OptionalLong.empty(), () -> cancelled.set(true));
        assertThat(cancelled).isFalse();
        BatchJvm.watchParent(OptionalLong.of(Long.MAX_VALUE), () -> cancelled.set(true)); // no such process
        assertThat(cancelled).isTrue();
    }
}
