package org.xenemu.client;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.xenemu.client.model.Scenario;

/**
 * {@code /api/v1/scenarios}: a host, a fleet, workloads and actions over virtual time, run on a
 * private host in the background; series, a summary and a report come out (planned:
 * docs/scenarios.md). An invalid document is 400 EINVAL naming the field.
 */
public final class ScenariosApi {
    private final Http http;

    ScenariosApi(Http http) {
        this.http = http;
    }

    /** Submits a scenario document in JSON. */
    public Scenario submitJson(String document) {
        return submit(document, "application/json");
    }

    /** Submits a scenario document in YAML. */
    public Scenario submitYaml(String document) {
        return submit(document, "application/yaml");
    }

    private Scenario submit(String document, String contentType) {
        return http.readJson(http.sendBytes("POST", Http.API + "/scenarios", document.getBytes(StandardCharsets.UTF_8),
                contentType), Scenario.class);
    }

    /** Every scenario. */
    public List<Scenario> list() {
        return http.readJsonList(http.get(Http.API + "/scenarios"), Scenario.class);
    }

    /** One scenario's state and progress. */
    public Scenario get(String id) {
        return http.readJson(http.get(path(id)), Scenario.class);
    }

    /** Its time series as CSV. */
    public String seriesCsv(String id) {
        return http.readText(http.get(path(id) + "/series").header("Accept", "text/csv"));
    }

    /** Its time series as JSON text. */
    public String seriesJson(String id) {
        return http.readText(http.get(path(id) + "/series").header("Accept", Http.JSON_TYPE));
    }

    /** Its summary. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> summary(String id) {
        return http.readJson(http.get(path(id) + "/summary"), Map.class);
    }

    /** Its report: one self-contained HTML page. */
    public String reportHtml(String id) {
        return http.readText(http.get(path(id) + "/report").header("Accept", "text/html"));
    }

    /** Cancels a running scenario, or forgets a finished one. */
    public void delete(String id) {
        http.discard(http.sendEmpty("DELETE", path(id)));
    }

    private static String path(String id) {
        return Http.API + "/scenarios/" + Http.encodeSegment(id);
    }
}
