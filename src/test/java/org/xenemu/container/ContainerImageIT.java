package org.xenemu.container;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The container image as a black box (docs/api.md "Configuration", "Callers", "Clock"): the image's
 * own HEALTHCHECK must report healthy, it runs in token mode as a non-root user with its run dir
 * in a volume, and a toolstack holding the admin token can drive the clock.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerImageIT {
    private static final JsonMapper JSON = new JsonMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final String ADMIN_TOKEN = newToken();

    private static GenericContainer<?> xenemu;
    private static URI base;

    @BeforeAll
    static void startContainer() {
        xenemu = new GenericContainer<>(XenemuImage.resolve())
                .withEnv("XENEMU_SECURITY_ADMIN_TOKEN", ADMIN_TOKEN)
                .withExposedPorts(8080)
                .withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger("xenemu-container")))
                // The image's HEALTHCHECK, not a probe of ours: this is what proves the probe works
                // in the base image. Startup is slow on a loaded 2-core machine.
                .waitingFor(Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(4)));
        xenemu.start();
        base = URI.create("http://" + xenemu.getHost() + ":" + xenemu.getMappedPort(8080));
    }

    @AfterAll
    static void stopContainer() {
        if (xenemu != null) {
            xenemu.stop();
        }
    }

    @Nested
    class Image {
        @Test
        void healthIsUpWithoutAToken() throws Exception {
            HttpResponse<String> response = send(get("/actuator/health"));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).path("status").asString()).isEqualTo("UP");
        }

        @Test
        void startsInSpringAotModeFromTheJvmAotCacheMadeWhenTheImageWasBuilt() throws Exception {
            assertThat(xenemu.execInContainer("test", "-s", "/application/app.aot").getExitCode()).isZero();
            // A cache that does not match the JVM, its options or the jars is ignored with a warning.
            assertThat(xenemu.getLogs()).contains("Starting AOT-processed XenemuApplication")
                    .doesNotContainPattern("\\[(warning|error) *\\]\\[(aot|cds)");
        }

        @Test
        void runsAsTheNonRootUserWithTheRunDirAsAVolumeItOwns() throws Exception {
            assertThat(xenemu.execInContainer("id", "-u").getStdout().trim()).isEqualTo("10001");
            assertThat(xenemu.execInContainer("stat", "-c", "%u %a", "/run/xenemu").getStdout().trim())
                    .isEqualTo("10001 750");
            assertThat(xenemu.getContainerInfo().getMounts())
                    .anySatisfy(m -> assertThat(m.getDestination().getPath()).isEqualTo("/run/xenemu"));
            assertThat(xenemu.getEnvMap()).containsEntry("XENEMU_SECURITY_ADMIN_TOKEN", ADMIN_TOKEN);
            assertThat(String.join(" ", xenemu.getContainerInfo().getConfig().getEnv()))
                    .contains("XENEMU_RUN_DIR=/run/xenemu", "XENEMU_SECURITY_MODE=token");
        }
    }

    @Nested
    class TokenMode {
        @Test
        void requestWithoutTokenIs401ProblemWithErrno() throws Exception {
            HttpResponse<String> response = send(get("/api/v1/clock"));
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(json(response).path("errno").asString()).isEqualTo("EACCES");
        }

        @Test
        void unknownTokenIs401() throws Exception {
            HttpResponse<String> response = send(get("/api/v1/clock").header("Authorization", "Bearer " + newToken()));
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(json(response).path("errno").asString()).isEqualTo("EACCES");
        }

        @Test
        void configuredAdminTokenIsAccepted() throws Exception {
            HttpResponse<String> response = send(admin(get("/api/v1/clock")));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).path("hz").asInt()).isEqualTo(250);
        }
    }

    @Nested
    class Clock {
        @Test
        void manualClockAdvancesUptimeByExactlyTheGivenSeconds() throws Exception {
            try {
                HttpResponse<String> manual = send(admin(put("/api/v1/clock", "{\"mode\":\"manual\"}")));
                assertThat(manual.statusCode()).isEqualTo(200);
                assertThat(json(manual).path("mode").asString()).isEqualTo("manual");
                long before = json(send(admin(get("/api/v1/clock")))).path("uptimeNanos").asLong();

                HttpResponse<String> advanced = send(admin(post("/api/v1/clock/advance", "{\"seconds\":10}")));

                assertThat(advanced.statusCode()).isEqualTo(200);
                assertThat(json(advanced).path("uptimeNanos").asLong() - before).isEqualTo(10_000_000_000L);
                assertThat(json(send(admin(get("/api/v1/clock")))).path("uptimeNanos").asLong())
                        .as("manual time stands still between advances")
                        .isEqualTo(json(advanced).path("uptimeNanos").asLong());
            } finally {
                send(admin(put("/api/v1/clock", "{\"mode\":\"realtime\"}")));
            }
        }

        @Test
        void advanceInRealtimeModeIsEbusy() throws Exception {
            assertThat(send(admin(put("/api/v1/clock", "{\"mode\":\"realtime\"}"))).statusCode()).isEqualTo(200);

            HttpResponse<String> response = send(admin(post("/api/v1/clock/advance", "{\"seconds\":10}")));

            assertThat(response.statusCode()).isEqualTo(409);
            assertThat(json(response).path("errno").asString()).isEqualTo("EBUSY");
        }
    }

    private static HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET();
    }

    private static HttpRequest.Builder put(String path, String json) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json));
    }

    private static HttpRequest.Builder post(String path, String json) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private static HttpRequest.Builder admin(HttpRequest.Builder request) {
        return request.header("Authorization", "Bearer " + ADMIN_TOKEN);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static String newToken() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
