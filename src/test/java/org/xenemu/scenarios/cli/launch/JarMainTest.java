package org.xenemu.scenarios.cli.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The jar's {@code Main-Class} outside the jar Spring Boot made (docs/scenarios.md "Running it"):
 * without Spring Boot's launcher beside it, one line and exit status 1, no stack trace.
 * ({@code ScenarioBatchJvmIT} runs it in the packaged jar.)
 */
class JarMainTest {
    @Test
    void withoutSpringBootsLauncherItSaysSoInOneLineAndExitsOne() throws Exception {
        Path classes = Path.of(JarMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classes.toString(), JarMain.class.getName(), "--help").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(out).isEmpty();
        assertThat(err.lines().toList()).singleElement().asString()
                .startsWith("xenemu: this jar has no Spring Boot launcher (" + JarMain.SPRING_BOOT_LAUNCHER + ")");
    }
}
