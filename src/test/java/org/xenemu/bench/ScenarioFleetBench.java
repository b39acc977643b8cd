package org.xenemu.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.xenemu.scenarios.Cancellation;
import org.xenemu.scenarios.document.ScenarioFormat;
import org.xenemu.scenarios.document.ScenarioParser;
import org.xenemu.scenarios.document.ScenarioPlan;
import org.xenemu.scenarios.document.Variant;
import org.xenemu.scenarios.run.PrivateHostRunner;
import org.xenemu.scenarios.series.ScenarioSummary;
import org.xenemu.scenarios.series.Summaries;
import org.xenemu.scenarios.series.VariantSeries;

/**
 * SelfballoonBench's fleet as a scenario, in-process, at several sizes: the documents
 * {@code scenarios/bench/fleet-N.yaml} (N tmem guests of 256 MiB with swap, each holding 117 MiB
 * touched at boot, a daily load and 1.2 spikes an hour of 117 MiB for a minute, 24 virtual hours
 * sampled every minute; 10,000 every 2 minutes) run by the real runner on a private host, on this
 * thread. Prints per size the CPU time of this thread for the run alone (parse, private host, 24 h,
 * series and summary) — a shared machine disturbs it far less than wall time — with the process's
 * CPU (GC and JIT threads too) and the wall time beside it, virtual / CPU, CPU µs per
 * domain-virtual-hour (flat when the cost is linear in domains × virtual time), the series' rows,
 * and what the guests saw from the summary. The first round at each size warms the JIT.
 *
 * <pre>./mvnw -q -Pbench test-compile exec:java -Dbench=org.xenemu.bench.ScenarioFleetBench [-Dexec.args="ROUNDS N…"]</pre>
 *
 * Default: 3 rounds of 100, 1000 and 10000 domains. The whole process from the command line
 * (JVM start included) is measured by {@link ScenarioCliBench}.
 */
public final class ScenarioFleetBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int[] sizes = args.length > 1
                ? java.util.Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {100, 1000, 10000};
        for (int n : sizes) {
            byte[] document = document(n);
            double best = Double.MAX_VALUE;
            for (int round = 1; round <= rounds; round++) {
                long start = System.nanoTime();
                long cpu0 = THREADS.getCurrentThreadCpuTime();
                long process0 = OS.getProcessCpuTime();
                ScenarioPlan plan = ScenarioParser.parse(document, ScenarioFormat.YAML);
                Variant v = plan.variants().get(0);
                VariantSeries series = new PrivateHostRunner().run(v, t -> { }, new Cancellation());
                ScenarioSummary.VariantSummary s = Summaries.of(series);
                double cpu = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9;
                double process = (OS.getProcessCpuTime() - process0) / 1e9;
                double wall = (System.nanoTime() - start) / 1e9;
                best = Math.min(best, cpu);
                double hours = v.scenario().durationNanos() / 3.6e12;
                System.out.printf("%,6d domains, round %d: %.2f s CPU of the run's thread (process %.2f s, wall %.2f s),"
                                + " %,.0f× virtual/CPU, %.0f µs CPU per domain-hour, %,d rows; held %,d MiB avg,"
                                + " frontswap puts %,d MiB, OOM kills %,d, refused %,d%n", n, round, cpu, process, wall,
                        hours * 3600 / cpu, cpu * 1e6 / (n * hours), series.rowCount(),
                        s.fleet().avgHeldKiB().longValue() / 1024, s.fleet().frontswapPutKiB() / 1024,
                        s.fleet().oomKills(), s.fleet().refusedMmaps());
            }
            System.out.printf("%,6d domains: best %.2f s CPU%n", n, best);
        }
    }

    static byte[] document(int n) {
        String name = "/scenarios/bench/fleet-" + n + ".yaml";
        try (InputStream in = ScenarioFleetBench.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no document " + name + " (sizes: 100, 1000, 10000)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
