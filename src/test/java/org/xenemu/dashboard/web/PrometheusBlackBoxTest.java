package org.xenemu.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xenemu.web.HttpTestClient;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /actuator/prometheus} as a scraper reads it (docs/api.md "Dashboard and metrics"):
 * after a scripted run on the manual clock, every xenemu series' name, labels and value agree with
 * the JSON views ({@code /host}, {@code /domains}, {@code /events}); a destroyed domain's series
 * are gone from the next scrape.
 */
@AutoConfigureMetrics
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"xenemu.clock.mode=manual", "xenemu.run-dir=target/run-prometheus-test", "xenemu.wire.enabled=false"})
class PrometheusBlackBoxTest {
    @LocalServerPort
    int port;

    private HttpTestClient http() {
        return new ServiceUnderTest(port).http();
    }

    private JsonNode json(String path) {
        return new ServiceUnderTest(port).json(path);
    }

    /** Every xenemu series of one scrape: {@code name{labels}} → value. */
    private Map<String, Double> scrape() {
        return new ServiceUnderTest(port).scrape();
    }

    private static String domain(String metric, JsonNode d) {
        return metric + "{domid=\"" + d.get("domid").asInt() + "\",name=\"" + d.get("name").asText() + "\"}";
    }

    private void advance(int seconds) {
        assertThat(http().post("/api/v1/clock/advance", "{\"seconds\":" + seconds + "}").statusCode()).isEqualTo(200);
    }

    private long events(String type) {
        long n = 0;
        for (JsonNode e : json("/api/v1/events?after=0&limit=10000").get("events")) {
            if (e.get("type").asText().equals(type)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void afterAScriptedRunEverySeriesAgreesWithTheJsonViewsAndADestroyedDomainsSeriesDisappear() {
        assertThat(http().post("/api/v1/domains", "{\"name\":\"web1\",\"memoryKiB\":262144,\"staticMaxKiB\":1048576}")
                .statusCode()).isEqualTo(201);
        assertThat(http().post("/api/v1/domains", "{\"name\":\"db1\",\"memoryKiB\":524288,\"homeNode\":1,"
                + "\"kernel\":{\"overcommitMemory\":1}}").statusCode()).isEqualTo(201);
        http().put("/api/v1/domains/1/memory/target", "{\"kib\":716800}");
        http().put("/api/v1/domains/2/memory/target", "{\"kib\":307200}");
        http().put("/api/v1/host/pressure", "{\"kib\":204800,\"node\":0}");
        assertThat(http().post("/api/v1/domains/2/processes", "{\"name\":\"hog\"}").statusCode()).isEqualTo(201);
        assertThat(http().post("/api/v1/domains/2/processes/100/mappings",
                "{\"kind\":\"anonymous\",\"shared\":false,\"writable\":true,\"kib\":102400}").statusCode()).isEqualTo(201);
        advance(20);
        advance(1); // settled; the latest sample is taken after every step of its jiffy

        Map<String, Double> s = scrape();
        JsonNode host = json("/api/v1/host");
        assertThat(s).containsEntry("xenemu_host_total_kib", host.get("totalKiB").asDouble())
                .containsEntry("xenemu_host_free_kib", host.get("freeKiB").asDouble())
                .containsEntry("xenemu_host_xen_kib", host.get("xenKiB").asDouble())
                .containsEntry("xenemu_host_tmem_kib", host.get("tmemKiB").asDouble())
                .containsEntry("xenemu_host_pressure_kib", host.get("pressureKiB").asDouble())
                .containsEntry("xenemu_host_domains", 3.0);
        for (JsonNode node : host.get("nodes")) {
            assertThat(s).containsEntry("xenemu_host_node_free_kib{node=\"" + node.get("node").asInt() + "\"}",
                    node.get("freeKiB").asDouble());
        }
        double owned = 0;
        for (JsonNode d : json("/api/v1/domains")) {
            owned += d.get("currentKiB").asDouble();
            assertThat(s).containsEntry(domain("xenemu_domain_current_kib", d), d.get("currentKiB").asDouble())
                    .containsEntry(domain("xenemu_domain_target_kib", d), d.get("targetKiB").asDouble())
                    .containsEntry(domain("xenemu_domain_committed_as_kib", d),
                            d.get("meminfo").get("committedAsKiB").asDouble())
                    .containsEntry(domain("xenemu_domain_mem_free_kib", d), d.get("meminfo").get("memFreeKiB").asDouble());
        }
        assertThat(s).containsEntry("xenemu_domain_current_kib{domid=\"1\",name=\"web1\"}", 716800.0)
                .containsEntry("xenemu_domain_current_kib{domid=\"2\",name=\"db1\"}", 307200.0)
                .containsEntry("xenemu_host_domains_kib", owned);
        assertThat(s.get("xenemu_domain_committed_as_kib{domid=\"2\",name=\"db1\"}")).isGreaterThanOrEqualTo(102400.0);
        assertThat(s).containsEntry("xenemu_balloon_steps_total", (double) events("BalloonStepped"))
                .containsEntry("xenemu_oom_kills_total", (double) events("OomKilled"));
        assertThat(s.get("xenemu_balloon_steps_total")).isPositive();
        assertThat(s).containsKey("xenemu_selfballoon_runs_total");

        assertThat(http().send("DELETE", "/api/v1/domains/2", null, Map.of()).statusCode()).isEqualTo(204);
        Map<String, Double> after = scrape();
        assertThat(after.keySet()).noneMatch(k -> k.contains("domid=\"2\""));
        assertThat(after).containsKey("xenemu_domain_current_kib{domid=\"1\",name=\"web1\"}");
    }
}
