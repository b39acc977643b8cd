package org.xenemu.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xenemu.web.ProblemAssertions.assertProblem;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xenemu.web.HttpTestClient;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/host/samples?since=} over HTTP: what is new since a jiffy, the columns adding
 * up, and the refusals (bad {@code since}, a guest caller), which change nothing.
 * Same configuration as {@link PrometheusBlackBoxTest}, so both share one service.
 */
@AutoConfigureMetrics
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"xenemu.clock.mode=manual", "xenemu.run-dir=target/run-prometheus-test", "xenemu.wire.enabled=false"})
class SamplesApiBlackBoxTest {
    @LocalServerPort
    int port;

    private HttpTestClient http() {
        return new HttpTestClient(port);
    }

    private JsonNode samples(String query) {
        var r = http().get("/api/v1/host/samples" + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.read(r.body());
    }

    @Test
    void sinceTheNewestSampleOnlyWhatTheNextAdvanceTookComesBackAndEverySampleAddsUp() {
        JsonNode all = samples("");
        long latest = all.get("latestJiffies").asLong();
        assertThat(samples("?since=" + latest).get("jiffies")).isEmpty();
        assertThat(http().post("/api/v1/clock/advance", "{\"seconds\":3}").statusCode()).isEqualTo(200);
        JsonNode next = samples("?since=" + latest);
        assertThat(next.get("jiffies")).hasSize(3);
        assertThat(next.get("jiffies").get(0).asLong()).isEqualTo(latest + next.get("hz").asLong());
        JsonNode host = next.get("host");
        for (int i = 0; i < 3; i++) {
            long sum = 0;
            for (String owner : new String[]{"xenKiB", "domainsKiB", "tmemKiB", "pressureKiB", "reservedKiB", "freeKiB"}) {
                sum += host.get(owner).get(i).asLong();
            }
            assertThat(sum).as("sample %d adds up", i).isEqualTo(host.get("totalKiB").get(i).asLong());
        }
        assertThat(next.get("domains").findValuesAsString("name")).contains("Domain-0");
    }

    @Test
    void aFleetBoundAboveTheGuestsChangesNothing() {
        JsonNode plain = samples("");
        JsonNode bounded = samples("?fleetAbove=1000");
        assertThat(bounded.get("domains")).isEqualTo(plain.get("domains"));
        assertThat(bounded.path("fleet").isMissingNode() || bounded.get("fleet").isNull()).isTrue();
    }

    @Test
    void aBadSinceIsEinvalAndAGuestIsRefused() {
        for (String bad : new String[]{"-1", "07", "+3", "x", "1.5", "99999999999999999999"}) {
            assertProblem(http().get("/api/v1/host/samples?since=" + bad), 400, "EINVAL");
            assertProblem(http().get("/api/v1/host/samples?fleetAbove=" + bad), 400, "EINVAL");
        }
        assertProblem(http().get("/api/v1/host/samples", Map.of("X-Xen-Domid", "1")), 403, "EACCES");
    }
}
