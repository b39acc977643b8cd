package org.xenemu.toolstack.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.xenemu.web.HttpTestClient;
import org.xenemu.web.ShortRunDir;
import org.xenemu.xenstore.wire.RealClients;

/**
 * The decider as a toolstack sees it (issue 13, "Black-box over HTTP and over the socket"): a 4 GiB
 * host with three guests holding ranges, squeezed switched on over HTTP, a reservation on the full
 * host squeezing the guests and a domain built from it, a stuck guest blamed by domid and name,
 * bad input refused with problem+json and errno, and a range written with {@code xenstore-write}
 * on the dom0 socket noticed by squeezed's watch.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"xenemu.clock.mode=manual", "xenemu.host.memory-kib=4194304"})
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BalancerBlackBoxTest {
    static final long M = 1024;
    static final JsonMapper JSON = new JsonMapper();
    static final Path RUN_DIR = ShortRunDir.create("xbal");

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
    void client() {
        http = new HttpTestClient(port);
    }

    JsonNode json(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }

    JsonNode get(String path) {
        HttpResponse<String> r = http.get("/api/v1" + path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    void advance(int seconds) {
        for (int i = 0; i < seconds; i++) {
            assertThat(http.post("/api/v1/clock/advance", "{\"seconds\":1}").statusCode()).isEqualTo(200);
        }
    }

    int guest(String name, long memMiB, long minMiB, long maxMiB) {
        HttpResponse<String> r = http.post("/api/v1/domains", "{\"name\":\"" + name + "\",\"memoryKiB\":" + memMiB * M
                + ",\"staticMaxKiB\":" + maxMiB * M + ",\"dynamicMinKiB\":" + minMiB * M + ",\"dynamicMaxKiB\":"
                + maxMiB * M + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).get("domid").asInt();
    }

    JsonNode settle(String id, int seconds) {
        for (int i = 0; i < seconds; i++) {
            JsonNode r = get("/host/reservations/" + id);
            if (!r.get("state").asString().equals("pending")) {
                return r;
            }
            advance(1);
        }
        return get("/host/reservations/" + id);
    }

    void problem(HttpResponse<String> r, int status, String errno) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json(r).get("errno").asString()).isEqualTo(errno);
    }

    @Test
    @Order(1)
    void squeezedMakesRoomOnAFullHostForAReservationAndADomainIsBuiltFromIt() {
        assertThat(get("/host/balancer").get("policy").asString()).isEqualTo("none");
        int a = guest("web-a", 900, 400, 1024);
        int b = guest("web-b", 900, 400, 1024);
        int c = guest("web-c", 900, 400, 1024);
        long freeBefore = get("/host").get("freeKiB").asLong();
        assertThat(freeBefore).isLessThan(1024 * M);

        HttpResponse<String> on = http.put("/api/v1/host/balancer", "{\"policy\":\"squeezed\"}");
        assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
        assertThat(json(on).get("policy").asString()).isEqualTo("squeezed");
        advance(12);

        HttpResponse<String> posted = http.post("/api/v1/host/reservations", "{\"kib\":" + 1024 * M + "}");
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        String id = json(posted).get("id").asString();
        assertThat(posted.headers().firstValue("Location")).hasValue("/api/v1/host/reservations/" + id);
        assertThat(json(posted).get("state").asString()).isEqualTo("pending");

        JsonNode ready = settle(id, 60);
        assertThat(ready.get("state").asString()).as(ready.toString()).isEqualTo("ready");
        assertThat(get("/host").get("reservedKiB").asLong()).isEqualTo(1024 * M);
        // the guests gave it proportionally: equal targets within their (equal) ranges
        JsonNode last = get("/host/balancer").get("last");
        assertThat(last.get("gamma").asDouble()).isBetween(0.0, 1.0);
        long ta = get("/domains/" + a).get("targetKiB").asLong();
        assertThat(get("/domains/" + b).get("targetKiB").asLong()).isEqualTo(ta);
        assertThat(get("/domains/" + c).get("targetKiB").asLong()).isEqualTo(ta);
        assertThat(ta).isBetween(400 * M, 900 * M - 1);

        HttpResponse<String> built = http.post("/api/v1/domains",
                "{\"name\":\"new\",\"memoryKiB\":" + 1024 * M + ",\"reservationId\":\"" + id + "\"}");
        assertThat(built.statusCode()).as(built.body()).isEqualTo(201);
        int domid = json(built).get("domid").asInt();
        assertThat(get("/host/reservations/" + id).get("state").asString()).isEqualTo("transferred");
        assertThat(get("/host").get("reservedKiB").asLong()).isZero();
        assertThat(get("/domains/" + domid).get("currentKiB").asLong()).isEqualTo(1024 * M);
        assertThat(http.get("/api/v1/xenstore/nodes/local/domain/" + domid + "/memory/initial-reservation").body())
                .isEqualTo(Long.toString(1024 * M));
    }

    @Test
    @Order(2)
    void aStuckGuestIsBlamedByDomidAndNameWhenAReservationFails() {
        JsonNode domains = get("/domains");
        int stuck = -1;
        for (JsonNode d : domains) {
            if (d.get("name").asString().equals("web-a")) {
                stuck = d.get("domid").asInt();
            }
        }
        assertThat(stuck).isPositive();
        HttpResponse<String> fault = http.put("/api/v1/domains/" + stuck + "/balloon/fault", "{\"mode\":\"stuck\"}");
        assertThat(fault.statusCode()).as(fault.body()).isIn(200, 204);
        assertThat(get("/domains/" + stuck + "/balloon").get("fault").get("mode").asString()).isEqualTo("stuck");

        // more than the two cooperative guests can give down to their dynamic-min, less than all three
        long min = 400 * M;
        long give = get("/host").get("freeKiB").asLong() - 72 * M;
        long stuckGives = 0;
        for (JsonNode d : get("/domains")) {
            String name = d.get("name").asString();
            if (name.equals("web-b") || name.equals("web-c")) {
                give += d.get("currentKiB").asLong() - min;
            } else if (name.equals("web-a")) {
                stuckGives = d.get("currentKiB").asLong() - min;
            }
        }
        assertThat(stuckGives).isPositive();
        HttpResponse<String> posted = http.post("/api/v1/host/reservations", "{\"kib\":" + (give + stuckGives / 2) + "}");
        assertThat(posted.statusCode()).isEqualTo(202);
        String id = json(posted).get("id").asString();
        JsonNode r = settle(id, 120);
        assertThat(r.get("state").asString()).as(r.toString()).isEqualTo("failed");
        assertThat(r.get("errno").asString()).isEqualTo("ENOMEM");
        assertThat(r.get("reason").asString()).isEqualTo("domains-refused");
        assertThat(r.get("domids")).extracting(JsonNode::asInt).containsExactly(stuck);
        assertThat(r.get("names")).extracting(JsonNode::asString).containsExactly("web-a");
        problem(http.post("/api/v1/domains", "{\"name\":\"late\",\"memoryKiB\":1024,\"reservationId\":\"" + id + "\"}"),
                400, "EINVAL");
        assertThat(http.send("DELETE", "/api/v1/host/reservations/" + id, null, java.util.Map.of()).statusCode())
                .isEqualTo(204);
        assertThat(http.put("/api/v1/domains/" + stuck + "/balloon/fault", "{\"mode\":\"none\"}").statusCode())
                .isIn(200, 204);
    }

    @Test
    @Order(3)
    void badInputIsRefusedWithProblemJsonAndChangesNothing() {
        String before = get("/host").toString();
        problem(http.put("/api/v1/host/balancer", "{\"policy\":\"greedy\"}"), 400, "EINVAL");
        problem(http.put("/api/v1/host/balancer", "{\"intervalSeconds\":0}"), 400, "EINVAL");
        problem(http.post("/api/v1/host/reservations", "{\"kib\":1024,\"minKiB\":1,\"maxKiB\":2}"), 400, "EINVAL");
        problem(http.post("/api/v1/host/reservations", "{}"), 400, "EINVAL");
        problem(http.post("/api/v1/host/reservations", "{\"minKiB\":2048,\"maxKiB\":1024}"), 400, "EINVAL");
        problem(http.post("/api/v1/host/reservations", "{\"kib\":-1}"), 400, "EINVAL");
        problem(http.get("/api/v1/host/reservations/r-nope"), 404, "ENOENT");
        problem(http.send("DELETE", "/api/v1/host/reservations/r-nope", null, java.util.Map.of()), 404, "ENOENT");
        problem(http.post("/api/v1/domains", "{\"name\":\"x\",\"memoryKiB\":1024,\"reservationId\":\"r-nope\"}"),
                404, "ENOENT");
        problem(http.put("/api/v1/domains/1/balloon/fault", "{\"mode\":\"sulking\"}"), 400, "EINVAL");
        problem(http.put("/api/v1/domains/1/memory/dynamic-range", "{\"minKiB\":900000,\"maxKiB\":400000}"), 400,
                "EINVAL");
        assertThat(get("/host").toString()).isEqualTo(before);
    }

    @Test
    @Order(4)
    void aRangeWrittenWithXenstoreWriteOnTheDom0SocketIsNoticedBySqueezedsWatch() throws Exception {
        RealClients.assumeXenstoreUtils();
        Path dom0Socket = RUN_DIR.resolve("socket");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dom0Socket));
        int domid = -1;
        for (JsonNode d : get("/domains")) {
            if (d.get("name").asString().equals("web-b")) {
                domid = d.get("domid").asInt();
            }
        }
        String home = "/local/domain/" + domid + "/memory/";
        long cap = 300 * M;
        assertThat(RealClients.run(dom0Socket, "xenstore-write", home + "dynamic-min", Long.toString(cap - 100 * M),
                home + "dynamic-max", Long.toString(cap)).exitCode()).isZero();
        advance(12);
        assertThat(get("/domains/" + domid).get("targetKiB").asLong()).isLessThanOrEqualTo(cap);
    }
}
