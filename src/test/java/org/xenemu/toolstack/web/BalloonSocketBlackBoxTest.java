package org.xenemu.toolstack.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.xenemu.web.HttpTestClient;
import org.xenemu.web.ShortRunDir;
import org.xenemu.xenstore.wire.RealClients;

/**
 * The running service as a toolstack on the host sees it: a target written with Debian's
 * {@code xenstore-write} on the dom0 socket reaches the guest's balloon driver through its real
 * watch, and the guest's pages move when the clock is advanced over HTTP (issue 5, "Black-box …
 * over the socket"). The run-dir sits under a short /tmp path: a Unix socket path must stay under
 * 108 bytes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "xenemu.clock.mode=manual")
@DirtiesContext
class BalloonSocketBlackBoxTest {
    static final String SYSFS = "/sysfs/devices/system/xen_memory/xen_memory0/";
    static final JsonMapper JSON = new JsonMapper();
    static final Path RUN_DIR = ShortRunDir.create("xeb");

    @LocalServerPort
    int port;
    HttpTestClient http;

    @DynamicPropertySource
    static void runDir(DynamicPropertyRegistry registry) {
        registry.add("xenemu.run-dir", RUN_DIR::toString);
    }


    @AfterAll
    static void removeRunDir() {
        ShortRunDir.delete(RUN_DIR);
    }

    @BeforeEach
    void clients() {
        RealClients.assumeXenstoreUtils();
        http = new HttpTestClient(port);
    }

    @Test
    void aTargetWrittenWithXenstoreWriteAsDom0MovesCurrentKbWhenTheClockAdvances() throws Exception {
        Path dom0Socket = RUN_DIR.resolve("socket");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dom0Socket));
        var created = http.post("/api/v1/domains",
                "{\"name\":\"sock1\",\"memoryKiB\":262144,\"staticMaxKiB\":524288}");
        assertThat(created.statusCode()).isEqualTo(201);
        int domid = JSON.readTree(created.body()).get("domid").asInt();
        String home = "/local/domain/" + domid;
        assertThat(currentKb(domid)).isEqualTo("262144\n");

        RealClients.Result write = RealClients.run(dom0Socket, "xenstore-write", home + "/memory/target", "524288");
        assertThat(write.exitCode()).as(write.stderr()).isZero();
        assertThat(RealClients.run(dom0Socket, "xenstore-read", home + "/memory/target").stdout())
                .isEqualTo("524288\n");
        // Nothing moves until virtual time passes: the driver reacts on the clock, not on the write.
        assertThat(currentKb(domid)).isEqualTo("262144\n");

        // The watch is delivered before xenstore-write gets its reply; the loop only guards
        // against the rare hand-over where another thread finishes that delivery.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            assertThat(http.post("/api/v1/clock/advance", "{\"seconds\":1}").statusCode()).isEqualTo(200);
            return currentKb(domid).equals("524288\n");
        });
        JsonNode view = JSON.readTree(http.get("/api/v1/domains/" + domid).body());
        assertThat(view.get("currentKiB").asLong()).isEqualTo(524288);
        assertThat(view.get("balloon").get("state").asString()).isEqualTo("DONE");
        assertThat(http.get("/api/v1/domains/" + domid + SYSFS + "target_kb").body()).isEqualTo("524288\n");

        // Shrinking goes the same way, and the guest reads its own target on its own socket.
        assertThat(RealClients.run(dom0Socket, "xenstore-write", home + "/memory/target", "196608").exitCode())
                .isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            http.post("/api/v1/clock/advance", "{\"seconds\":1}");
            return currentKb(domid).equals("196608\n");
        });

        Path guestSocket = RUN_DIR.resolve("domains").resolve(Integer.toString(domid)).resolve("socket");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(guestSocket));
        assertThat(RealClients.run(guestSocket, "xenstore-read", "memory/target").stdout()).isEqualTo("196608\n");
        assertThat(RealClients.run(guestSocket, "xenstore-read", "control/feature-balloon").stdout())
                .isEqualTo("1\n");
        // The guest may read its target but not set it: only the toolstack (dom0) writes memory/target.
        assertThat(RealClients.run(guestSocket, "xenstore-write", "memory/target", "1").exitCode()).isEqualTo(1);
        assertThat(currentKb(domid)).isEqualTo("196608\n");
    }

    private String currentKb(int domid) {
        var r = http.get("/api/v1/domains/" + domid + SYSFS + "info/current_kb", Map.of());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
