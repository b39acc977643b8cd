package org.xenemu.clock.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xenemu.web.ProblemAssertions.assertProblem;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xenemu.web.HttpTestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"xenemu.clock.mode=manual", "xenemu.run-dir=target/run-clock-test"})
class ClockApiBlackBoxTest {
    private final JsonMapper json = new JsonMapper();

    @LocalServerPort
    int port;

    HttpTestClient http() {
        return new HttpTestClient(port);
    }

    JsonNode body(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
        return json.readTree(r.body());
    }

    @AfterEach
    void backToManual() {
        http().put("/api/v1/clock", "{\"mode\":\"manual\",\"speed\":1}");
    }

    @Test
    void clockReportsModeHzJiffiesUptimeAndSpeed() throws Exception {
        JsonNode c = body(http().get("/api/v1/clock"));
        assertThat(c.get("mode").asString()).isEqualTo("manual");
        assertThat(c.get("hz").asInt()).isEqualTo(250);
        assertThat(c.has("jiffies")).isTrue();
        assertThat(c.has("uptimeNanos")).isTrue();
        assertThat(c.get("speed").asDouble()).isEqualTo(1.0);
    }

    @Test
    void anUnknownModeIsEinvalNamingTheModeField() throws Exception {
        HttpResponse<String> r = http().put("/api/v1/clock", "{\"mode\":\"sideways\"}");
        assertProblem(r, 400, "EINVAL");
        assertThat(json.readTree(r.body()).get("field").asString()).isEqualTo("mode");
        assertProblem(http().post("/api/v1/clock/advance", "{}"), 400, "EINVAL");
        assertProblem(http().post("/api/v1/clock/advance", "{\"seconds\":1,\"jiffies\":1}"), 400, "EINVAL");
    }

    @Test
    void advanceBySecondsMovesUptimeExactly() throws Exception {
        long before = body(http().get("/api/v1/clock")).get("uptimeNanos").asLong();
        JsonNode after = body(http().post("/api/v1/clock/advance", "{\"seconds\":10}"));
        assertThat(after.get("uptimeNanos").asLong()).isEqualTo(before + 10_000_000_000L);
    }

    @Test
    void advanceByJiffiesMovesTheTickCount() throws Exception {
        long before = body(http().get("/api/v1/clock")).get("jiffies").asLong();
        JsonNode after = body(http().post("/api/v1/clock/advance", "{\"jiffies\":125}"));
        assertThat(after.get("jiffies").asLong()).isEqualTo(before + 125);
    }

    @Test
    void advanceInRealtimeModeIs409Ebusy() throws Exception {
        body(http().put("/api/v1/clock", "{\"mode\":\"realtime\"}"));
        assertProblem(http().post("/api/v1/clock/advance", "{\"seconds\":1}"), 409, "EBUSY");
    }

    @Test
    void negativeOrAbsurdAdvancesAre400() {
        assertProblem(http().post("/api/v1/clock/advance", "{\"seconds\":-1}"), 400, "EINVAL");
        assertProblem(http().post("/api/v1/clock/advance", "{\"jiffies\":-5}"), 400, "EINVAL");
        assertProblem(http().post("/api/v1/clock/advance", "{\"seconds\":1e30}"), 400, "EINVAL");
        assertProblem(http().post("/api/v1/clock/advance", "{\"jiffies\":9223372036854775807}"), 400, "EINVAL");
        assertProblem(http().post("/api/v1/clock/advance", "{}"), 400, "EINVAL");
        assertProblem(http().post("/api/v1/clock/advance", "{\"seconds\":1,\"jiffies\":1}"), 400, "EINVAL");
    }

    @Test
    void badSpeedIs400() {
        assertProblem(http().put("/api/v1/clock", "{\"mode\":\"realtime\",\"speed\":0}"), 400, "EINVAL");
        assertProblem(http().put("/api/v1/clock", "{\"mode\":\"realtime\",\"speed\":-2}"), 400, "EINVAL");
    }

    @Test
    void modeSwitchIsMonotonicAndEmitsAnEvent() throws Exception {
        long last = body(http().get("/api/v1/events?after=0&limit=1")).get("lastSeq").asLong();
        long t0 = body(http().get("/api/v1/clock")).get("uptimeNanos").asLong();
        JsonNode rt = body(http().put("/api/v1/clock", "{\"mode\":\"realtime\",\"speed\":100}"));
        assertThat(rt.get("uptimeNanos").asLong()).isGreaterThanOrEqualTo(t0);
        JsonNode manual = body(http().put("/api/v1/clock", "{\"mode\":\"manual\"}"));
        assertThat(manual.get("uptimeNanos").asLong()).isGreaterThanOrEqualTo(rt.get("uptimeNanos").asLong());
        JsonNode page = body(http().get("/api/v1/events?after=" + last));
        assertThat(page.get("events").findValuesAsString("type")).contains("ClockModeChanged");
        JsonNode first = page.get("events").get(0);
        assertThat(first.get("data").get("to").asString()).isEqualTo("realtime");
        assertThat(first.get("seq").asLong()).isGreaterThan(last);
    }

    @Test
    void eventStreamDeliversEventsAsSse() throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/events?after=0"))
                .header("Accept", "text/event-stream").build();
        http().put("/api/v1/clock", "{\"mode\":\"manual\",\"speed\":3}");
        HttpResponse<java.io.InputStream> r = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(r.body()))) {
            String line;
            boolean sawEvent = false;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("event:ClockModeChanged")) {
                    sawEvent = true;
                    break;
                }
            }
            assertThat(sawEvent).isTrue();
        }
    }
}
