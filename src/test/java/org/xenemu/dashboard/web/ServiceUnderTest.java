package org.xenemu.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xenemu.web.HttpTestClient;
import tools.jackson.databind.JsonNode;

/**
 * What the metrics black-box tests read from the running service: a JSON view (200 required) and
 * one Prometheus scrape as {@code name{labels}} → value, xenemu's series only.
 */
final class ServiceUnderTest {
    private static final Pattern SAMPLE = Pattern.compile("^(xenemu_[a-z_]+)(\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE);

    private final int port;

    ServiceUnderTest(int port) {
        this.port = port;
    }

    HttpTestClient http() {
        return new HttpTestClient(port);
    }

    JsonNode json(String path) {
        var r = http().get(path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return Json.read(r.body());
    }

    /** Every xenemu series of one scrape of {@code /actuator/prometheus}. */
    Map<String, Double> scrape() {
        var r = http().get("/actuator/prometheus");
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Double> out = new LinkedHashMap<>();
        Matcher m = SAMPLE.matcher(r.body());
        while (m.find()) {
            out.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
        }
        return out;
    }
}
