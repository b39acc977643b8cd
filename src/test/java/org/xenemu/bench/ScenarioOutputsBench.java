package org.xenemu.bench;

import java.io.OutputStream;
import java.util.OptionalDouble;
import org.xenemu.scenarios.document.ScenarioFormat;
import org.xenemu.scenarios.document.ScenarioParser;
import org.xenemu.scenarios.document.ScenarioPlan;
import org.xenemu.scenarios.document.Variant;
import org.xenemu.scenarios.report.ScenarioReport;
import org.xenemu.scenarios.series.DomainSample;
import org.xenemu.scenarios.series.HostSample;
import org.xenemu.scenarios.series.ScenarioSummary;
import org.xenemu.scenarios.series.SeriesCsv;
import org.xenemu.scenarios.series.SeriesJson;
import org.xenemu.scenarios.series.SeriesRecorder;
import org.xenemu.scenarios.series.Summaries;
import org.xenemu.scenarios.series.SummaryJson;
import org.xenemu.scenarios.series.VariantSeries;
import org.xenemu.scenarios.workload.DomainWorkload;

/**
 * The scenario outputs at the goal size: 1,000 domains × 24 virtual hours at 60 s (1,441
 * samples, 1,442,441 rows), each domain running the documented five-kind workload. Measures, per
 * round: evaluating the workload curves at every sample, recording the series, its footprint, and
 * writing the CSV, the JSON, the summary and the report (to a byte counter, so no disk is timed).
 * Times are this thread's CPU time (ThreadMXBean), which a machine shared with other builds
 * disturbs far less than wall time; the wall time of the round is printed too.
 *
 *     ./mvnw -q -Pbench test-compile exec:java -Dbench=org.xenemu.bench.ScenarioOutputsBench
 */
public final class ScenarioOutputsBench {
    private static final String DOCUMENT = """
            name: bench
            seed: 42
            duration: 24h
            sample: 60s
            host: {memoryKiB: 1073741824, nodes: 2}
            domains:
              - name: web
                count: 1000
                memoryKiB: 524288
                staticMaxKiB: 1048576
                workload:
                  - {kind: constant, kib: 32768}
                  - {kind: daily, baseKiB: 65536, amplitude: 0.5, peakAt: 14h}
                  - {kind: spikes, perHour: 1.2, kib: 120000, duration: 60s}
                  - {kind: ramp, fromKiB: 0, toKiB: 100000, start: 2h, end: 4h}
                  - {kind: random-walk, kib: 65536, stepKiB: 4096, every: 5m}
            """;

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        long t0 = System.nanoTime();
        ScenarioPlan plan = ScenarioParser.parse(DOCUMENT.getBytes(), ScenarioFormat.YAML);
        System.out.printf("parse + validate: %.0f ms%n", ms(System.nanoTime() - t0));
        Variant v = plan.variants().get(0);
        for (int round = 1; round <= rounds; round++) {
            long wall = System.nanoTime();
            long a = cpu();
            VariantSeries series = record(v);
            long b = cpu();
            Counter csv = new Counter();
            SeriesCsv.write(java.util.List.of(series), csv);
            long c = cpu();
            Counter json = new Counter();
            SeriesJson.write(plan.name(), java.util.List.of(series), json);
            long d = cpu();
            ScenarioSummary summary = Summaries.of(plan.name(), java.util.List.of(series));
            Counter summaryJson = new Counter();
            SummaryJson.write(summary, summaryJson);
            long e = cpu();
            Counter report = new Counter();
            ScenarioReport.write(plan, java.util.List.of(series), summary, report);
            long f = cpu();
            System.out.printf("round %d (%.0f ms wall): %,d rows; CPU: curves + record %.0f ms (%.1f MB held); CSV %.0f ms (%.1f MB); "
                            + "JSON %.0f ms (%.1f MB); summary %.0f ms; report %.0f ms (%.2f MB)%n", round,
                    ms(System.nanoTime() - wall), series.rowCount(), ms(b - a), series.footprintBytes() / 1e6, ms(c - b), csv.bytes / 1e6, ms(d - c),
                    json.bytes / 1e6, ms(e - d), ms(f - e), report.bytes / 1e6);
        }
    }

    /** What a runner records, with figures derived from the curves (no emulator). */
    private static VariantSeries record(Variant v) {
        var s = v.scenario();
        SeriesRecorder r = new SeriesRecorder(v);
        DomainWorkload[] w = new DomainWorkload[s.domains().size()];
        for (int k = 0; k < w.length; k++) {
            w[k] = s.domains().get(k).startWorkload(s.seed());
        }
        for (int i = 0; i < s.sampleCount(); i++) {
            long t = s.sampleTimeNanos(i);
            r.beginSample(t);
            r.host(new HostSample(s.host().memoryKiB(), 131072, 1048576, 524288L * w.length, 0, 0, 0, 1 << 20,
                    OptionalDouble.of(0.5), 0));
            for (int k = 0; k < w.length; k++) {
                long demand = w[k].kibAt(t);
                r.domain(new DomainSample(k + 1, s.domains().get(k).name(), 524288, 524288 - (demand & 1023), demand + 16384,
                        Math.max(0, 524288 - demand), 0, 0, 0, 0, 0, 0, 0, demand, 1048576));
            }
            r.endSample();
        }
        return r.finish();
    }

    private static long cpu() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static final class Counter extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
