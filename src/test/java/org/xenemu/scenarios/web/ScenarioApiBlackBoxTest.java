package org.xenemu.scenarios.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xenemu.scenarios.cli.ScenarioCli;
import org.xenemu.scenarios.run.Availability;
import org.xenemu.scenarios.run.PrivateHostRunner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/v1/scenarios} against the running service: a YAML document runs in the background on
 * a private host, its outputs are the bytes the command line writes for the same document, an
 * invalid one is 400 EINVAL naming the field and runs nothing, and the live host is untouched.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"xenemu.clock.mode=manual", "xenemu.run-dir=target/run-scenario-test"})
public class ScenarioApiBlackBoxTest {
    public static final String DOC = """
            name: http-and-cli
            seed: 5
            duration: 30m
            sample: 60s
            host: {memoryKiB: 2097152}
            domains:
              - name: web
                count: 2
                memoryKiB: 262144
                staticMaxKiB: 524288
                kernel: {swapKiB: 65536, tmem: true, overcommitMemory: 1}
                workload:
                  - {kind: constant, kib: 100000}
                  - {kind: spikes, perHour: 20, kib: 100000, duration: 60s}
            actions:
              - {at: 10m, op: pressure, kib: 262144}
            """;
    private final JsonMapper json = new JsonMapper();
    private final HttpClient client = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @TempDir
    Path dir;

    private HttpResponse<byte[]> send(String method, String path, String contentType, String body, String accept)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private JsonNode jsonOf(HttpResponse<byte[]> r) {
        return json.readTree(new String(r.body(), StandardCharsets.UTF_8));
    }

    @Test
    void aDocumentRunsInTheBackgroundAndGivesTheCommandLinesBytes() throws Exception {
        String domainsBefore = new String(send("GET", "/api/v1/domains", null, null, null).body(), StandardCharsets.UTF_8);
        HttpResponse<byte[]> created = send("POST", "/api/v1/scenarios", "application/yaml", DOC, null);
        assertThat(created.statusCode()).as(new String(created.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        String id = jsonOf(created).get("id").asString();
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/scenarios/" + id);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                !jsonOf(send("GET", "/api/v1/scenarios/" + id, null, null, null)).get("state").asString()
                        .equals("running"));
        JsonNode status = jsonOf(send("GET", "/api/v1/scenarios/" + id, null, null, null));
        assertThat(status.get("state").asString()).isEqualTo("done");
        assertThat(status.get("progress").asDouble()).isEqualTo(1.0);
        assertThat(status.get("virtualSeconds").asDouble()).isEqualTo(1800.0);
        assertThat(status.get("name").asString()).isEqualTo("http-and-cli");

        Path file = Files.writeString(dir.resolve("doc.yaml"), DOC);
        ScenarioCli cli = new ScenarioCli(new PrivateHostRunner(), Availability::verify,
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()), false,
                System.in, System::nanoTime);
        assertThat(cli.run("scenario", file.toString(), "--out", dir.resolve("out").toString(), "-q")).isZero();
        assertThat(send("GET", "/api/v1/scenarios/" + id + "/series", null, null, null).body())
                .isEqualTo(Files.readAllBytes(dir.resolve("out/series.csv")));
        assertThat(send("GET", "/api/v1/scenarios/" + id + "/summary", null, null, null).body())
                .isEqualTo(Files.readAllBytes(dir.resolve("out/summary.json")));
        assertThat(send("GET", "/api/v1/scenarios/" + id + "/report", null, null, null).body())
                .isEqualTo(Files.readAllBytes(dir.resolve("out/report.html")));
        HttpResponse<byte[]> seriesJson = send("GET", "/api/v1/scenarios/" + id + "/series", null, null,
                "application/json");
        assertThat(seriesJson.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/json"));
        assertThat(jsonOf(seriesJson).get("scenario").asString()).isEqualTo("http-and-cli");

        assertThat(new String(send("GET", "/api/v1/domains", null, null, null).body(), StandardCharsets.UTF_8))
                .as("the live host is untouched").isEqualTo(domainsBefore);
        assertThat(send("DELETE", "/api/v1/scenarios/" + id, null, null, null).statusCode()).isEqualTo(204);
        assertThat(send("GET", "/api/v1/scenarios/" + id, null, null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void aRunThatFailsMidWayReportsWhyAndLeavesTheLiveHostUntouched() throws Exception {
        String hostBefore = new String(send("GET", "/api/v1/host", null, null, null).body(), StandardCharsets.UTF_8);
        String domainsBefore = new String(send("GET", "/api/v1/domains", null, null, null).body(), StandardCharsets.UTF_8);
        HttpResponse<byte[]> created = send("POST", "/api/v1/scenarios", "application/yaml", """
                name: too-big
                duration: 1h
                host: {memoryKiB: 4194304}
                domains:
                  - {name: web, memoryKiB: 262144, workload: [{kind: constant, kib: 100000}]}
                actions:
                  - {at: 30m, op: create, domain: {name: batch, memoryKiB: 8388608}}
                """, null);
        assertThat(created.statusCode()).isEqualTo(201);
        String id = jsonOf(created).get("id").asString();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                !jsonOf(send("GET", "/api/v1/scenarios/" + id, null, null, null)).get("state").asString()
                        .equals("running"));
        JsonNode status = jsonOf(send("GET", "/api/v1/scenarios/" + id, null, null, null));
        assertThat(status.get("state").asString()).isEqualTo("failed");
        assertThat(status.get("error").asString()).startsWith("variant \"base\": actions[0].domain: create batch: ENOMEM");
        assertThat(status.get("virtualSeconds").asDouble()).as("it ran until the failure").isEqualTo(1740.0);
        HttpResponse<byte[]> series = send("GET", "/api/v1/scenarios/" + id + "/series", null, null, null);
        assertThat(series.statusCode()).isEqualTo(409);
        assertThat(jsonOf(series).get("errno").asString()).isEqualTo("EBUSY");
        assertThat(new String(send("GET", "/api/v1/host", null, null, null).body(), StandardCharsets.UTF_8))
                .as("the live host is untouched").isEqualTo(hostBefore);
        assertThat(new String(send("GET", "/api/v1/domains", null, null, null).body(), StandardCharsets.UTF_8))
                .isEqualTo(domainsBefore);
    }

    @Test
    void deleteCancelsARunningScenarioWhichStaysCancelled() throws Exception {
        HttpResponse<byte[]> created = send("POST", "/api/v1/scenarios", "application/yaml", """
                name: a-long-year
                duration: 366d
                sample: 1h
                domains:
                  - {name: web, count: 50, memoryKiB: 262144, workload: [{kind: random-walk, kib: 65536, stepKiB: 4096, every: 1s}]}
                """, null);
        assertThat(created.statusCode()).isEqualTo(201);
        String id = jsonOf(created).get("id").asString();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() ->
                jsonOf(send("GET", "/api/v1/scenarios/" + id, null, null, null)).get("progress").asDouble() > 0);
        assertThat(send("DELETE", "/api/v1/scenarios/" + id, null, null, null).statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() ->
                jsonOf(send("GET", "/api/v1/scenarios/" + id, null, null, null)).get("state").asString()
                        .equals("cancelled"));
        JsonNode status = jsonOf(send("GET", "/api/v1/scenarios/" + id, null, null, null));
        assertThat(status.get("progress").asDouble()).isLessThan(1.0);
        assertThat(send("GET", "/api/v1/scenarios/" + id + "/summary", null, null, null).statusCode()).isEqualTo(409);
        assertThat(send("DELETE", "/api/v1/scenarios/" + id, null, null, null).statusCode()).isEqualTo(204);
        assertThat(send("GET", "/api/v1/scenarios/" + id, null, null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void anInvalidDocumentIsEinvalNamingTheFieldAndNothingRuns() throws Exception {
        int before = json.readTree(send("GET", "/api/v1/scenarios", null, null, null).body()).size();
        HttpResponse<byte[]> r = send("POST", "/api/v1/scenarios", "application/json",
                "{\"name\": \"bad\", \"duration\": \"60\"}", null);
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode p = jsonOf(r);
        assertThat(p.get("errno").asString()).isEqualTo("EINVAL");
        assertThat(p.get("field").asString()).isEqualTo("duration");
        assertThat(p.get("detail").asString()).startsWith("duration: \"60\" has no unit");
        assertThat(json.readTree(send("GET", "/api/v1/scenarios", null, null, null).body()).size()).isEqualTo(before);
    }

    /**
     * The service answers after reading the first MiB and closes, while the client is still
     * sending: a plain socket reads the answer (an HTTP client would see its upload cut off).
     */
    @Test
    void aFiftyMegabyteDocumentIsRefusedAfterItsFirstMebibyteAndNothingRuns() throws Exception {
        int before = json.readTree(send("GET", "/api/v1/scenarios", null, null, null).body()).size();
        long length = 50L * 1024 * 1024;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            Thread sender = new Thread(() -> {
                try {
                    java.io.OutputStream out = socket.getOutputStream();
                    out.write(("POST /api/v1/scenarios HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/yaml\r\n"
                            + "Content-Length: " + length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    byte[] chunk = ("# " + "x".repeat(1021) + "\n").getBytes(StandardCharsets.US_ASCII);
                    for (long sent = 0; sent < length; sent += chunk.length) {
                        out.write(chunk);
                    }
                } catch (java.io.IOException e) {
                    // the service stopped reading: expected
                }
            });
            sender.setDaemon(true);
            sender.start();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400").contains("\"errno\":\"EINVAL\"").contains("\"field\":\"document\"");
        }
        assertThat(json.readTree(send("GET", "/api/v1/scenarios", null, null, null).body()).size()).isEqualTo(before);
    }

    @Test
    void aGuestMayNotRunScenarios() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/scenarios"))
                .header("X-Xen-Domid", "3").header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(DOC)).build();
        HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("EACCES");
    }
}
