package org.xenemu.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xenemu.web.HttpTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The balancer's metrics against its JSON views after squeezed meets a stuck guest (docs/toolstack.md
 * "Observability"): γ, balancer passes, each domain's stuck and uncooperative flags, rrdp-squeezed's
 * reclaimed figures; and the Grafana dashboard in {@code docs/grafana/} asks only for metrics the
 * service has.
 */
@AutoConfigureMetrics
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"xenemu.clock.mode=manual", "xenemu.run-dir=target/run-balancer-metrics-test",
                "xenemu.wire.enabled=false"})
class BalancerMetricsBlackBoxTest {
    private static final Pattern GRAFANA_METRIC = Pattern.compile("xenemu_[a-z_]+");

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

    private int create(String name) {
        var r = http().post("/api/v1/domains", "{\"name\":\"" + name + "\",\"memoryKiB\":3145728,"
                + "\"staticMaxKiB\":4194304,\"dynamicMinKiB\":1048576,\"dynamicMaxKiB\":4194304}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.read(r.body()).get("domid").asInt();
    }

    private void advance(int seconds) {
        assertThat(http().post("/api/v1/clock/advance", "{\"seconds\":" + seconds + "}").statusCode()).isEqualTo(200);
    }

    private static Set<Integer> ids(JsonNode array) {
        Set<Integer> out = new HashSet<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }

    @Test
    void afterSqueezedMeetsAStuckGuestTheBalancerSeriesAgreeWithItsViews() {
        int a = create("stuck-a");
        int b = create("fine-b");
        assertThat(http().put("/api/v1/host/pressure", "{\"kib\":8388608}").statusCode()).isEqualTo(200);
        assertThat(http().put("/api/v1/host/balancer", "{\"policy\":\"squeezed\"}").statusCode()).isEqualTo(200);
        assertThat(http().put("/api/v1/domains/" + a + "/balloon/fault", "{\"mode\":\"stuck\"}").statusCode())
                .isBetween(200, 204);
        assertThat(http().post("/api/v1/host/reservations", "{\"kib\":2097152}").statusCode()).isEqualTo(202);
        advance(60);
        advance(1);

        Map<String, Double> s = scrape();
        JsonNode balancer = json("/api/v1/host/balancer");
        JsonNode last = balancer.get("last");
        assertThat(last).as(balancer.toString()).isNotNull();
        Set<Integer> stuck = ids(last.get("stuck"));
        Set<Integer> uncooperative = ids(last.get("uncooperative"));
        assertThat(stuck).as("squeezed gave up on the stuck guest").contains(a);
        for (JsonNode d : json("/api/v1/domains")) {
            int domid = d.get("domid").asInt();
            String labels = "{domid=\"" + domid + "\",name=\"" + d.get("name").asText() + "\"}";
            assertThat(s).containsEntry("xenemu_domain_stuck" + labels, stuck.contains(domid) ? 1.0 : 0.0)
                    .containsEntry("xenemu_domain_uncooperative" + labels, uncooperative.contains(domid) ? 1.0 : 0.0);
        }
        assertThat(s.get("xenemu_domain_stuck{domid=\"" + b + "\",name=\"fine-b\"}")).isZero();
        if (last.hasNonNull("gamma")) {
            assertThat(s.get("xenemu_balancer_gamma")).isEqualTo(last.get("gamma").asDouble());
        }
        long passes = 0;
        for (JsonNode e : json("/api/v1/events?after=0&limit=10000").get("events")) {
            if (e.get("type").asText().equals("BalancerRan")) {
                passes++;
            }
        }
        assertThat(passes).isPositive();
        assertThat(s).containsEntry("xenemu_balancer_passes_total", (double) passes);
        JsonNode host = json("/api/v1/host");
        assertThat(s).containsEntry("xenemu_host_memory_reclaimed_kib", host.get("memoryReclaimedKiB").asDouble())
                .containsEntry("xenemu_host_memory_reclaimed_max_kib", host.get("memoryReclaimedMaxKiB").asDouble())
                .containsEntry("xenemu_host_reserved_kib", host.get("reservedKiB").asDouble());
        assertThat(s.get("xenemu_host_memory_reclaimed_kib")).isPositive();
    }

    @Test
    void theGrafanaDashboardAsksOnlyForMetricsTheServiceHas() throws Exception {
        String dashboard = Files.readString(Path.of("docs/grafana/xenemu-dashboard.json"));
        Set<String> asked = new HashSet<>();
        Matcher m = GRAFANA_METRIC.matcher(dashboard);
        while (m.find()) {
            asked.add(m.group());
        }
        Set<String> served = new HashSet<>();
        for (String series : scrape().keySet()) {
            served.add(series.replaceFirst("\\{.*", ""));
        }
        // (dom0 always has its domain series)
        assertThat(asked).isNotEmpty();
        assertThat(served).containsAll(asked);
    }
}
