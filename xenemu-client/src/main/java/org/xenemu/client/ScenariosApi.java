package org.xenemu.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.xenemu.client.model.Scenario;

/**
 * {@code /api/v1/scenarios}: a host, a fleet, workloads and actions over virtual time, run on a
 * private host in the background, never on the live host; series, a summary and a report come out
 * (docs/scenarios.md "Running it"). dom0's. An invalid document is 400 EINVAL whose
 * {@link XenemuException#field()} names the field; the outputs of a running, failed or cancelled
 * scenario are 409 EBUSY.
 */
public final class ScenariosApi {
    private final Http http;

    ScenariosApi(Http http) {
        this.http = http;
    }

    /**
     * Submits a scenario document in JSON. Answers as the server does (201): {@code id} and
     * {@code state} ({@code running}) only; {@link #get} or {@link #await} for the rest.
     */
    public Scenario submitJson(String document) {
        return submit(document, "application/json");
    }

    /** Submits a scenario document in YAML; answers as {@link #submitJson}. */
    public Scenario submitYaml(String document) {
        return submit(document, "application/yaml");
    }

    private Scenario submit(String document, String contentType) {
        return http.readJson(http.sendBytes("POST", Http.API + "/scenarios", document.getBytes(StandardCharsets.UTF_8),
                contentType), Scenario.class);
    }

    /**
     * Polls {@link #get} (every 50 ms of wall time: a scenario runs in the background as fast as the
     * machine allows, not on the service's clock) until the scenario is done, failed or cancelled.
     *
     * @throws IllegalStateException when it is still running after {@code timeout}
     */
    public Scenario await(String id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Scenario s = get(id);
            if (s.finished()) {
                return s;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("scenario " + id + " still " + s.state() + " after " + timeout
                        + " (progress " + s.progress() + ")");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for scenario " + id, e);
            }
        }
    }

    /** Every kept scenario, oldest first. */
    public List<Scenario> list() {
        return http.readJsonList(http.get(Http.API + "/scenarios"), Scenario.class);
    }

    /** One scenario's state and progress. */
    public Scenario get(String id) {
        return http.readJson(http.get(path(id)), Scenario.class);
    }

    /** Its time series as CSV (a host row and a row per domain per sample). */
    public String seriesCsv(String id) {
        return http.readText(http.get(path(id) + "/series").header("Accept", "text/csv"));
    }

    /** Its time series as JSON text. */
    public String seriesJson(String id) {
        return http.readText(http.get(path(id) + "/series").header("Accept", Http.JSON_TYPE));
    }

    /** Its summary (per domain, fleet, per variant). */
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
