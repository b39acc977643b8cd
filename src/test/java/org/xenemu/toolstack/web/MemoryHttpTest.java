package org.xenemu.toolstack.web;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/** The service as a black box: what a toolstack and a guest see over HTTP, on a manual clock. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"xenemu.clock.mode=manual", "xenemu.run-dir=target/memory-http-run"})
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MemoryHttpTest {
    static final String SYSFS = "/sysfs/devices/system/xen_memory/xen_memory0/";
    static final JsonMapper JSON = new JsonMapper();
    final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    HttpResponse<String> send(String method, String path, String body, String... headers) throws IOException,
            InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1" + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && body.startsWith("{")) {
            b.header("Content-Type", "application/json");
        } else if (body != null) {
            b.header("Content-Type", "text/plain");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    @Test
    @Order(1)
    void aToolstackSetsATargetAdvancesTheClockAndSeesCurrentKbArrive() throws Exception {
        HttpResponse<String> host = send("GET", "/host", null);
        assertThat(host.statusCode()).isEqualTo(200);
        assertThat(json(host).get("totalKiB").asLong()).isEqualTo(16L * 1024 * 1024);
        assertThat(json(host).get("nodes")).hasSize(2);
        assertThat(json(host).get("allocationPolicy").asString()).isEqualTo("nearest");

        HttpResponse<String> created = send("POST", "/domains",
                "{\"name\":\"web1\",\"memoryKiB\":262144,\"staticMaxKiB\":524288,\"homeNode\":1,"
                        + "\"kernel\":{\"swapKiB\":65536,\"tmem\":true,\"overcommitMemory\":2}}");
        assertThat(created.statusCode()).isEqualTo(201);
        int domid = json(created).get("domid").asInt();
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/domains/" + domid);
        assertThat(json(created).get("pagesPerNode").get("1").asLong()).isEqualTo(65536);

        assertThat(send("PUT", "/domains/" + domid + "/memory/target", "{\"kib\":524288}").statusCode()).isEqualTo(204);
        assertThat(send("GET", "/domains/" + domid + SYSFS + "info/current_kb", null).body()).isEqualTo("262144\n");
        assertThat(send("POST", "/clock/advance", "{\"seconds\":1}").statusCode()).isEqualTo(200);
        HttpResponse<String> current = send("GET", "/domains/" + domid + SYSFS + "info/current_kb", null);
        assertThat(current.body()).isEqualTo("524288\n");
        assertThat(current.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");

        JsonNode view = json(send("GET", "/domains/" + domid, null));
        assertThat(view.get("currentKiB").asLong()).isEqualTo(524288);
        assertThat(view.get("targetKiB").asLong()).isEqualTo(524288);
        assertThat(view.get("balloon").get("state").asString()).isEqualTo("DONE");
        assertThat(view.get("meminfo").get("swapTotalKiB").asLong()).isEqualTo(65536);
        JsonNode after = json(send("GET", "/host", null));
        assertThat(after.get("nodes").get(1).get("freeKiB").asLong())
                .isEqualTo(8L * 1024 * 1024 - 65536 - 524288);
    }

    @Nested
    class Errors {
        @Test
        void guestsReachOnlyTheirOwnFilesAndOrdinaryUsersCannotWrite() throws Exception {
            int domid = json(send("POST", "/domains", "{\"name\":\"g-err\",\"memoryKiB\":131072}")).get("domid").asInt();
            String me = Integer.toString(domid);
            assertThat(send("GET", "/domains/" + domid + SYSFS + "target_kb", null, "X-Xen-Domid", me).body())
                    .isEqualTo("131072\n");
            HttpResponse<String> other = send("GET", "/domains/0" + SYSFS + "target_kb", null, "X-Xen-Domid", me);
            assertThat(other.statusCode()).isEqualTo(403);
            assertThat(json(other).get("errno").asString()).isEqualTo("EACCES");
            HttpResponse<String> user = send("PUT", "/domains/" + domid + SYSFS + "target_kb", "1000",
                    "X-Xen-Domid", me, "X-Guest-Root", "false");
            assertThat(json(user).get("errno").asString()).isEqualTo("EPERM");
            HttpResponse<String> ro = send("PUT", "/domains/" + domid + SYSFS + "info/current_kb", "1", "X-Xen-Domid", me);
            assertThat(json(ro).get("errno").asString()).isEqualTo("EACCES");
            HttpResponse<String> junk = send("PUT", "/domains/" + domid + SYSFS + "max_retry_count", "junk", "X-Xen-Domid", me);
            assertThat(junk.statusCode()).isEqualTo(400);
            assertThat(json(junk).get("errno").asString()).isEqualTo("EINVAL");
            HttpResponse<String> big = send("PUT", "/domains/" + domid + SYSFS + "max_retry_count",
                    "18446744073709551616", "X-Xen-Domid", me);
            assertThat(json(big).get("errno").asString()).isEqualTo("ERANGE");
            assertThat(send("PUT", "/domains/" + domid + SYSFS + "max_retry_count", "4\n", "X-Xen-Domid", me)
                    .statusCode()).isEqualTo(204);
            assertThat(json(send("GET", "/domains/" + domid + "/balloon", null, "X-Xen-Domid", me))
                    .get("maxRetryCount").asLong()).isEqualTo(4);
            assertThat(send("POST", "/domains", "{\"name\":\"x\",\"memoryKiB\":131072}", "X-Xen-Domid", me)
                    .statusCode()).isEqualTo(403);
            assertThat(send("PUT", "/domains/" + domid + "/memory/target", "{\"kib\":1}", "X-Xen-Domid", me)
                    .statusCode()).isEqualTo(403);
        }

        @Test
        void anEmptyBodyIsAZeroLengthWriteThatChangesNothing() throws Exception {
            int domid = json(send("POST", "/domains", "{\"name\":\"g-empty\",\"memoryKiB\":131072}")).get("domid").asInt();
            String me = Integer.toString(domid);
            for (String attr : new String[] {"target_kb", "target", "max_schedule_delay", "max_retry_count"}) {
                assertThat(send("PUT", "/domains/" + domid + SYSFS + attr, null, "X-Xen-Domid", me).statusCode())
                        .as(attr).isEqualTo(204);
                assertThat(send("PUT", "/domains/" + domid + SYSFS + attr, "", "X-Xen-Domid", me).statusCode())
                        .as(attr).isEqualTo(204);
            }
            assertThat(send("POST", "/clock/advance", "{\"seconds\":1}").statusCode()).isEqualTo(200);
            assertThat(send("GET", "/domains/" + domid + SYSFS + "target_kb", null).body()).isEqualTo("131072\n");
            assertThat(send("GET", "/domains/" + domid + SYSFS + "info/current_kb", null).body()).isEqualTo("131072\n");
            assertThat(send("GET", "/domains/" + domid + SYSFS + "max_schedule_delay", null).body()).isEqualTo("20\n");
            HttpResponse<String> selfballoon = send("PUT", "/domains/" + domid + SYSFS + "selfballoon/selfballoon_interval",
                    null, "X-Xen-Domid", me);
            assertThat(selfballoon.statusCode()).isEqualTo(204);
            assertThat(send("GET", "/domains/" + domid + SYSFS + "selfballoon/selfballoon_interval", null).body())
                    .isEqualTo("5\n");
            assertThat(send("PUT", "/domains/" + domid + SYSFS + "target_kb", null, "X-Xen-Domid", me,
                    "X-Guest-Root", "false").statusCode()).isEqualTo(403);
        }

        @Test
        void toolstackRefusals() throws Exception {
            int domid = json(send("POST", "/domains", "{\"name\":\"g-ts\",\"memoryKiB\":131072}")).get("domid").asInt();
            HttpResponse<String> dom0 = send("DELETE", "/domains/0", null);
            assertThat(dom0.statusCode()).isEqualTo(409);
            assertThat(json(dom0).get("errno").asString()).isEqualTo("EBUSY");
            HttpResponse<String> above = send("PUT", "/domains/" + domid + "/memory/target", "{\"kib\":131073}");
            assertThat(above.statusCode()).isEqualTo(400);
            HttpResponse<String> max = send("PUT", "/domains/" + domid + "/memory/max", "{\"kib\":1024}");
            assertThat(json(max).get("errno").asString()).isEqualTo("EINVAL");
            HttpResponse<String> huge = send("POST", "/domains", "{\"name\":\"huge\",\"memoryKiB\":1073741824}");
            assertThat(huge.statusCode()).isEqualTo(507);
            assertThat(json(huge).get("errno").asString()).isEqualTo("ENOMEM");
            HttpResponse<String> tiny = send("POST", "/domains", "{\"name\":\"tiny\",\"memoryKiB\":4096}");
            assertThat(json(tiny).get("errno").asString()).isEqualTo("EINVAL");
            HttpResponse<String> type = send("POST", "/domains", "{\"name\":\"t\",\"memoryKiB\":131072,\"type\":\"XX\"}");
            assertThat(type.statusCode()).isEqualTo(400);
            HttpResponse<String> oc = send("POST", "/domains",
                    "{\"name\":\"t\",\"memoryKiB\":131072,\"kernel\":{\"overcommitMemory\":3}}");
            assertThat(oc.statusCode()).isEqualTo(400);
            HttpResponse<String> unknown = send("POST", "/domains", "{\"name\":\"t\",\"memoryKiB\":131072,\"foo\":1}");
            assertThat(unknown.statusCode()).isEqualTo(400);
            for (String field : new String[] {"\"staticMaxKiB\"", "\"videoramKiB\"", "\"kernel\":{\"swapKiB\""}) {
                HttpResponse<String> absurd = send("POST", "/domains",
                        "{\"name\":\"t\",\"memoryKiB\":131072," + field + ":9223372036854775807" + (field.contains("{") ? "}}" : "}"));
                assertThat(absurd.statusCode()).as(field).isEqualTo(400);
            }
            HttpResponse<String> dup = send("PUT", "/domains/" + domid + "/memory/target", "{\"kib\":4,\"kib\":5}");
            assertThat(dup.statusCode()).isEqualTo(400);
            assertThat(send("GET", "/domains/999", null).statusCode()).isEqualTo(404);
            for (String spelling : new String[] {"+" + domid, "0" + domid, "0x" + domid, "-0", "%20" + domid}) {
                assertThat(send("GET", "/domains/" + spelling, null).statusCode()).as(spelling).isEqualTo(400);
            }
            assertThat(send("DELETE", "/domains/" + domid, null).statusCode()).isEqualTo(204);
            assertThat(send("GET", "/domains/" + domid, null).statusCode()).isEqualTo(404);
        }

        @Test
        void pressureIsAbsoluteAndTakesOnlyWhatIsFree() throws Exception {
            HttpResponse<String> p = send("PUT", "/host/pressure", "{\"kib\":1048576,\"node\":0}");
            assertThat(p.statusCode()).isEqualTo(200);
            assertThat(json(p).get("kib").asLong()).isEqualTo(1048576);
            assertThat(json(send("GET", "/host", null)).get("pressureKiB").asLong()).isEqualTo(1048576);
            HttpResponse<String> all = send("PUT", "/host/pressure", "{\"kib\":1099511627776}");
            long free = json(send("GET", "/host", null)).get("freeKiB").asLong();
            assertThat(free).isZero();
            assertThat(json(send("PUT", "/host/pressure", "{\"kib\":0}")).get("kib").asLong()).isZero();
            assertThat(json(all).get("kib").asLong()).isPositive();
            assertThat(send("PUT", "/host/pressure", "{\"kib\":1,\"node\":7}").statusCode()).isEqualTo(400);
            assertThat(send("PUT", "/host/pressure", "{\"kib\":1}", "X-Xen-Domid", "0").statusCode()).isEqualTo(200);
        }
    }
}
