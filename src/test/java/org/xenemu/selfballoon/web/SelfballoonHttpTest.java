package org.xenemu.selfballoon.web;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Black box over HTTP, as a toolstack would: create a tmem guest, watch its selfballoon driver
 * through sysfs, the JSON view and the domain view while the manual clock advances.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"xenemu.clock.mode=manual"})
@DirtiesContext
class SelfballoonHttpTest {
    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = new JsonMapper();

    private HttpResponse<String> send(String method, String path, String contentType, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1" + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aToolstackSeesTheGuestSelfballoonDown() throws Exception {
        HttpResponse<String> created = send("POST", "/domains", "application/json",
                "{\"name\":\"sb\",\"memoryKiB\":1048576,\"kernel\":{\"tmem\":true}}");
        assertThat(created.statusCode()).isEqualTo(201);
        int domid = json.readTree(created.body()).get("domid").asInt();
        String sysfs = "/domains/" + domid + "/sysfs/devices/system/xen_memory/xen_memory0/selfballoon/";

        assertThat(send("GET", sysfs + "selfballooning", null, null).body()).isEqualTo("1\n");
        assertThat(send("GET", sysfs + "selfballoon_reserved_mb", null, null).body()).isEqualTo("100\n");
        assertThat(send("PUT", sysfs + "selfballoon_downhysteresis", "text/plain", "4\n", "X-Xen-Domid", "" + domid)
                .statusCode()).isEqualTo(204);
        HttpResponse<String> eperm = send("PUT", sysfs + "selfballoon_interval", "text/plain", "1",
                "X-Xen-Domid", "" + domid, "X-Guest-Root", "false");
        assertThat(eperm.statusCode()).isEqualTo(403);
        assertThat(json.readTree(eperm.body()).get("errno").asString()).isEqualTo("EPERM");

        long targetBefore = json.readTree(send("GET", "/domains/" + domid, null, null).body()).get("targetKiB").asLong();
        assertThat(send("POST", "/clock/advance", "application/json", "{\"seconds\": 5}").statusCode()).isEqualTo(200);

        JsonNode domain = json.readTree(send("GET", "/domains/" + domid, null, null).body());
        JsonNode decision = domain.get("selfballoon").get("lastDecision");
        // Committed_AS 0: goal = 1516 + 25600 = 27116; tgt = 256000 − (256000 − 27116)/4 = 198779
        assertThat(decision.get("goalPages").asLong()).isEqualTo(27_116);
        assertThat(decision.get("tgtPages").asLong()).isEqualTo(198_779);
        assertThat(domain.get("targetKiB").asLong()).isEqualTo((198_779 + 6144) * 4).isLessThan(targetBefore);

        JsonNode view = json.readTree(send("GET", "/domains/" + domid + "/selfballoon", null, null).body());
        assertThat(view.get("selfballoonDownhysteresis").asInt()).isEqualTo(4);
        assertThat(view.get("worker").get("runs").asLong()).isEqualTo(1);

        HttpResponse<String> patched = send("PATCH", "/domains/" + domid + "/selfballoon", "application/json",
                "{\"selfballooning\": 0, \"frontswapSelfshrinking\": 0}");
        assertThat(patched.statusCode()).isEqualTo(200);
        send("POST", "/clock/advance", "application/json", "{\"seconds\": 5}");
        view = json.readTree(send("GET", "/domains/" + domid + "/selfballoon", null, null).body());
        assertThat(view.get("worker").get("pending").asBoolean()).isFalse();
    }
}
