package org.xenemu.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 16 through the container image: the data dir {@code /var/lib/xenemu} is a volume the
 * runtime user owns; a container started with {@code XENEMU_SNAPSHOT_SAVE_ON_EXIT} and stopped
 * as {@code docker stop} stops it (SIGTERM, then a grace period) saves the host into the volume,
 * and a new container on the same volume with {@code XENEMU_SNAPSHOT_RESTORE} is the same host.
 */
@Testcontainers(disabledWithoutDocker = true)
class SnapshotContainerIT {
    private static final JsonMapper JSON = new JsonMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String token = UUID.randomUUID().toString().replace("-", "");
    private final String volume = "xenemu-snapshot-it-" + UUID.randomUUID();
    private final DockerClient docker = DockerClientFactory.instance().client();

    @AfterEach
    void removeVolume() {
        try {
            docker.removeVolumeCmd(volume).exec();
        } catch (RuntimeException ignored) {
            // not created, or still in use by a container being removed
        }
    }

    private GenericContainer<?> container(String envName, String envValue) {
        return new GenericContainer<>(XenemuImage.resolve())
                .withEnv("XENEMU_SECURITY_ADMIN_TOKEN", token)
                .withEnv("XENEMU_CLOCK_MODE", "manual")
                .withEnv(envName, envValue)
                .withExposedPorts(8080)
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                        .withBinds(new Bind(volume, new Volume("/var/lib/xenemu"))))
                .withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger("xenemu-snapshot-container")))
                .waitingFor(Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(4)));
    }

    @Test
    void dockerStopSavesIntoTheVolumeAndTheNextContainerRestoresIt() throws Exception {
        JsonNode domains;
        JsonNode host;
        try (GenericContainer<?> first = container("XENEMU_SNAPSHOT_SAVE_ON_EXIT", "on-stop")) {
            first.start();
            URI base = base(first);
            assertThat(first.execInContainer("stat", "-c", "%u %a", "/var/lib/xenemu").getStdout().trim())
                    .isEqualTo("10001 750");
            send(base, "POST", "/domains", "{\"name\":\"kept\",\"memoryKiB\":131072,\"staticMaxKiB\":262144}", 201);
            send(base, "PUT", "/domains/1/memory/target", "{\"kib\":90000}", 204);
            send(base, "POST", "/clock/advance", "{\"seconds\":3}", 200);
            domains = send(base, "GET", "/domains", "", 200);
            host = send(base, "GET", "/host", "", 200);
            // docker stop: SIGTERM, then up to 20 s (the compose file's stop_grace_period) before SIGKILL
            docker.stopContainerCmd(first.getContainerId()).withTimeout(20).exec();
            assertThat(first.getLogs()).contains("snapshot on-stop saved: 2 domains");
        }
        try (GenericContainer<?> second = container("XENEMU_SNAPSHOT_RESTORE", "on-stop")) {
            second.start();
            URI base = base(second);
            assertThat(send(base, "GET", "/domains", "", 200)).isEqualTo(domains);
            assertThat(send(base, "GET", "/host", "", 200)).isEqualTo(host);
            assertThat(send(base, "GET", "/clock", "", 200).get("mode").asString()).isEqualTo("manual");
            JsonNode list = send(base, "GET", "/snapshots", "", 200);
            assertThat(list.get(0).get("name").asString()).isEqualTo("on-stop");
            assertThat(second.execInContainer("stat", "-c", "%u %a", "/var/lib/xenemu/on-stop.snapshot")
                    .getStdout().trim()).isEqualTo("10001 600");
        }
    }

    private static URI base(GenericContainer<?> c) {
        return URI.create("http://" + c.getHost() + ":" + c.getMappedPort(8080));
    }

    private JsonNode send(URI base, String method, String path, String body, int expected)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1" + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(30)).build();
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
        return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    }
}
