package org.xenemu.scenarios.series;

import java.io.OutputStream;
import java.util.List;

/**
 * The series as JSON ({@code application/json}): by column rather than by row — the shape plotting
 * code wants, and a fraction of the size of 1.4 M row objects. Same numbers as the CSV:
 * <pre>
 * {"scenario": NAME,
 *  "variants": [
 *    {"index": 0, "name": "base",
 *     "time_s": [0, 60, …],                                  one per sample
 *     "host": {"host_total_kib": […], …, "balancer_gamma": [null, 0.5, …], "balancer_failures": […]},
 *     "domains": [
 *       {"domid": 1, "name": "web-1", "firstSample": 0,      its values start at that sample
 *        "target_kib": […], …, "static_max_kib": […]}, …]}, …]}
 * </pre>
 * Members in the order shown; host columns in {@link HostColumn} order, domain columns in
 * {@link DomainColumn} order, domains in the order they first appeared.
 */
public final class SeriesJson {
    private SeriesJson() {
    }

    public static void write(String scenarioName, List<VariantSeries> variants, OutputStream stream) {
        TextOut text = new TextOut(stream);
        JsonOut json = new JsonOut(text);
        json.beginObject().name("scenario").value(scenarioName).name("variants").beginArray();
        for (VariantSeries v : variants) {
            json.beginObject().name("index").value(v.variant().index()).name("name").value(v.variant().name());
            json.name("time_s").beginArray();
            for (int i = 0; i < v.sampleCount(); i++) {
                json.seconds(v.timeNanos(i));
            }
            json.endArray().name("host").beginObject();
            for (HostColumn c : HostColumn.values()) {
                long[] values = v.host(c);
                json.name(c.csvName()).beginArray();
                for (int i = 0; i < values.length; i++) {
                    if (c != HostColumn.BALANCER_GAMMA) {
                        json.value(values[i]);
                    } else if (v.hasGamma(i)) {
                        json.micros(values[i]);
                    } else {
                        json.nullValue();
                    }
                }
                json.endArray();
            }
            json.endObject().name("domains").beginArray();
            for (DomainTrack t : v.domains()) {
                json.beginObject().name("domid").value(t.domid()).name("name").value(t.name())
                        .name("firstSample").value(t.firstSample());
                long[][] columns = t.columns();
                for (DomainColumn c : DomainColumn.values()) {
                    json.name(c.csvName()).beginArray();
                    for (long value : columns[c.ordinal()]) {
                        json.value(value);
                    }
                    json.endArray();
                }
                json.endObject();
            }
            json.endArray().endObject();
        }
        json.endArray().endObject();
        text.ascii('\n');
        text.flush();
    }
}
