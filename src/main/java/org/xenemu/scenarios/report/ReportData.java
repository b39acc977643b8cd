package org.xenemu.scenarios.report;

import java.util.Arrays;
import java.util.List;
import org.xenemu.scenarios.series.DomainColumn;
import org.xenemu.scenarios.series.DomainTrack;
import org.xenemu.scenarios.series.HostColumn;
import org.xenemu.scenarios.series.JsonOut;
import org.xenemu.scenarios.series.VariantSeries;
import org.xenemu.units.NearestRank;

/**
 * The JSON the report's charts read ({@code XenemuCharts.renderReport}):
 * <pre>
 * {"scenario": NAME, "variants": [{"index", "name", "time_s": […],
 *   "host": {"xen", "dom0", "domains", "tmem", "pressure", "reserved", "free", "total"},   KiB per sample
 *   "domains": {"mode": "lines", "series": [{"name", "target", "current", "committed"}]}   null outside a life
 *           or {"mode": "percentiles", "alive": […],
 *               "target": {"p10", "p50", "p90"}, "current": {…}, "committed": {…}}}]}
 * </pre>
 * A variant with more than {@value #LINES_UP_TO} domains is a fleet: its domains are shown as
 * percentiles across the domains alive at each sample (nearest rank: the value at position
 * ⌈p·m/100⌉ of the m sorted values; null when none is alive) rather than as lines.
 */
final class ReportData {
    static final int LINES_UP_TO = 12;
    private static final DomainColumn[] METRICS = {DomainColumn.TARGET_KIB, DomainColumn.CURRENT_KIB,
            DomainColumn.COMMITTED_AS_KIB};
    private static final String[] METRIC_NAMES = {"target", "current", "committed"};
    /** The band: p10, p50 and p90. */
    private static final int[] PERCENTS = {10, 50, 90};
    /** Samples gathered at once for their percentiles: a thousand domains' values for them stay in the cache. */
    private static final int BLOCK = 64;

    private ReportData() {
    }

    static void write(String scenario, List<VariantSeries> variants, JsonOut json) {
        json.beginObject().name("scenario").value(scenario).name("variants").beginArray();
        for (VariantSeries v : variants) {
            json.beginObject().name("index").value(v.variant().index()).name("name").value(v.variant().name());
            json.name("time_s").beginArray();
            for (int i = 0; i < v.sampleCount(); i++) {
                json.seconds(v.timeNanos(i));
            }
            json.endArray().name("host").beginObject();
            host(json, "xen", v.host(HostColumn.XEN_KIB));
            host(json, "dom0", v.host(HostColumn.DOM0_KIB));
            host(json, "domains", v.host(HostColumn.DOMAINS_KIB));
            host(json, "tmem", v.host(HostColumn.TMEM_KIB));
            host(json, "pressure", v.host(HostColumn.PRESSURE_KIB));
            host(json, "reserved", v.host(HostColumn.RESERVED_KIB));
            host(json, "free", v.host(HostColumn.FREE_KIB));
            host(json, "total", v.host(HostColumn.TOTAL_KIB));
            json.endObject().name("domains").beginObject();
            if (v.domains().size() <= LINES_UP_TO) {
                lines(json, v);
            } else {
                percentiles(json, v);
            }
            json.endObject().endObject();
        }
        json.endArray().endObject();
    }

    private static void host(JsonOut json, String name, long[] values) {
        json.name(name).beginArray();
        for (long value : values) {
            json.value(value);
        }
        json.endArray();
    }

    private static void lines(JsonOut json, VariantSeries v) {
        json.name("mode").value("lines").name("series").beginArray();
        for (DomainTrack t : v.domains()) {
            json.beginObject().name("name").value(t.name());
            for (int m = 0; m < METRICS.length; m++) {
                long[] values = t.values(METRICS[m]);
                json.name(METRIC_NAMES[m]).beginArray();
                for (int i = 0; i < v.sampleCount(); i++) {
                    if (t.covers(i)) {
                        json.value(values[i - t.firstSample()]);
                    } else {
                        json.nullValue();
                    }
                }
                json.endArray();
            }
            json.endObject();
        }
        json.endArray();
    }

    private static void percentiles(JsonOut json, VariantSeries v) {
        int n = v.sampleCount();
        List<DomainTrack> tracks = v.domains();
        int[] alive = new int[n];
        // [metric][percentile][sample]; Long.MIN_VALUE where no domain is alive
        long[][][] out = new long[METRICS.length][3][n];
        // a block of samples at a time, each track's rows for the block read from where they lie
        // (a percentile does not depend on the order of the values it is taken over)
        int block = Math.min(n, BLOCK);
        long[][][] values = new long[METRICS.length][block][Math.max(1, tracks.size())];
        int[] count = new int[block];
        DomainTrack.Rows[] readers = new DomainTrack.Rows[tracks.size()];
        long[] row = new long[DomainColumn.values().length];
        long[] picked = new long[PERCENTS.length];
        for (int from = 0; from < n; from += block) {
            int to = Math.min(n, from + block);
            Arrays.fill(count, 0);
            for (int k = 0; k < tracks.size(); k++) {
                DomainTrack t = tracks.get(k);
                int first = Math.max(from, t.firstSample());
                int end = Math.min(to, t.firstSample() + t.sampleCount());
                if (first >= end) {
                    continue;
                }
                if (readers[k] == null) {
                    readers[k] = t.rows();
                }
                for (int i = first; i < end; i++) {
                    readers[k].next(row);
                    int slot = count[i - from]++;
                    for (int m = 0; m < METRICS.length; m++) {
                        values[m][i - from][slot] = row[METRICS[m].ordinal()];
                    }
                }
            }
            for (int i = from; i < to; i++) {
                alive[i] = count[i - from];
                for (int m = 0; m < METRICS.length; m++) {
                    band(values[m][i - from], count[i - from], picked);
                    for (int q = 0; q < PERCENTS.length; q++) {
                        out[m][q][i] = picked[q];
                    }
                }
            }
        }
        json.name("mode").value("percentiles").name("alive").beginArray();
        for (int a : alive) {
            json.value(a);
        }
        json.endArray();
        String[] p = {"p10", "p50", "p90"};
        for (int m = 0; m < METRICS.length; m++) {
            json.name(METRIC_NAMES[m]).beginObject();
            for (int q = 0; q < 3; q++) {
                json.name(p[q]).beginArray();
                for (int i = 0; i < n; i++) {
                    if (out[m][q][i] == Long.MIN_VALUE) {
                        json.nullValue();
                    } else {
                        json.value(out[m][q][i]);
                    }
                }
                json.endArray();
            }
            json.endObject();
        }
    }

    /**
     * p10, p50 and p90 (nearest rank) of the first {@code count} values, reordering them; all
     * Long.MIN_VALUE for an empty sample.
     */
    static void band(long[] values, int count, long[] out) {
        if (count == 0) {
            Arrays.fill(out, Long.MIN_VALUE);
            return;
        }
        NearestRank.select(values, count, PERCENTS, out);
    }
}
