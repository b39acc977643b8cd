package org.xenemu.scenarios.jar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xenemu.scenarios.web.ScenarioApiBlackBoxTest;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged jar, end to end: {@code java -jar xenemu.jar scenario FILE --out DIR} (no web
 * server) writes the same bytes as {@code java -jar xenemu.jar} (the service) answers over HTTP for
 * the same document; an invalid document exits 1 with one line naming the field. Failsafe runs it
 * after {@code package} and names the jar ({@code xenemu.jar}); picked by a surefire pattern
 * ({@code -Dtest='*Scenario*'}) without that property, it is skipped rather than run against
 * whatever jar an earlier build left in {@code target/}.
 */
class ScenarioJarIT {
    private static final Path JAR = Path.of(System.getProperty("xenemu.jar", "target/xenemu.jar"));
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    @BeforeEach
    void packagedJar() {
        assumeThat(System.getProperty("xenemu.jar")).as("the jar failsafe names after package (./mvnw verify)")
                .isNotNull();
        assumeThat(JAR).isRegularFile();
    }

    @Test
    void theCommandLineWritesTheBytesTheServiceServes() throws Exception {
        Path doc = Files.writeString(dir.resolve("doc.yaml"), ScenarioApiBlackBoxTest.DOC);
        Process cli = new ProcessBuilder(JAVA, "-jar", JAR.toString(), "scenario", doc.toString(), "--out",
                dir.resolve("out").toString()).redirectErrorStream(true).start();
        String cliOutput = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cli.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(cli.exitValue()).as(cliOutput).isZero();
        assertThat(cliOutput).doesNotContain("Spring").contains("wrote ");

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process service = new ProcessBuilder(JAVA, "-jar", JAR.toString(), "--server.port=" + port,
                "--xenemu.clock.mode=manual", "--xenemu.run-dir=" + dir.resolve("run"), "--xenemu.wire.enabled=false")
                .redirectErrorStream(true).redirectOutput(dir.resolve("service.log").toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port + "/api/v1/scenarios";
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() ->
                    http.send(HttpRequest.newBuilder(URI.create(base)).build(), HttpResponse.BodyHandlers.ofString())
                            .statusCode() == 200);
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base))
                    .header("Content-Type", "application/yaml")
                    .POST(HttpRequest.BodyPublishers.ofString(ScenarioApiBlackBoxTest.DOC)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String id = new JsonMapper().readTree(created.body()).get("id").asString();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() ->
                    http.send(HttpRequest.newBuilder(URI.create(base + "/" + id)).build(),
                            HttpResponse.BodyHandlers.ofString()).body().contains("\"state\":\"done\""));
            for (List<String> pair : List.of(List.of("series", "series.csv"), List.of("summary", "summary.json"),
                    List.of("report", "report.html"))) {
                byte[] served = http.send(HttpRequest.newBuilder(URI.create(base + "/" + id + "/" + pair.get(0))).build(),
                        HttpResponse.BodyHandlers.ofByteArray()).body();
                assertThat(served).as(pair.get(1)).isEqualTo(Files.readAllBytes(dir.resolve("out").resolve(pair.get(1))));
            }
        } finally {
            service.destroy();
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
    }

    @Test
    void anInvalidDocumentExitsOneWithOneLineNamingTheField() throws Exception {
        Path doc = Files.writeString(dir.resolve("bad.yaml"), "name: bad\nduration: 1h\ndomains: [{name: a, memoryKiB: -1}]\n");
        Process cli = new ProcessBuilder(JAVA, "-jar", JAR.toString(), "scenario", doc.toString(), "--out",
                dir.resolve("out").toString()).redirectErrorStream(true).start();
        String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(cli.exitValue()).isEqualTo(1);
        assertThat(output.lines().toList()).hasSize(1);
        assertThat(output).startsWith("xenemu: " + doc + ": domains[0].memoryKiB");
        assertThat(dir.resolve("out")).doesNotExist();
    }
}
