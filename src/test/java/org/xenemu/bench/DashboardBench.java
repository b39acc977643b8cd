package org.xenemu.bench;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.math.BigDecimal;
import org.xenemu.caller.Caller;
import org.xenemu.clock.ClockMode;
import org.xenemu.dashboard.HostMetrics;
import org.xenemu.dashboard.HostSampler;
import org.xenemu.dashboard.SampleWindow;
import org.xenemu.dashboard.SamplerSettings;
import org.xenemu.host.AllocationPolicy;
import org.xenemu.toolstack.DomainSpec;
import org.xenemu.toolstack.EmulatedHost;
import org.xenemu.toolstack.HostSettings;
import tools.jackson.databind.json.JsonMapper;

/**
 * What watching the host costs (docs/dashboard.md): a host of N idle 64 MiB guests on 2 nodes,
 * plain Java (no Spring, no web server), manual clock. Prints the wall time of one virtual hour
 * with and without the host sampler (1 sample per virtual second, so the difference over 3600 is
 * the cost of one sample with its metrics update), the cost of building and serialising
 * {@code GET /host/samples} for the whole ring (1800 samples) and for one new sample, and the time
 * and size of one Prometheus scrape.
 *
 * <pre>./mvnw -q -Pbench test-compile exec:java -Dbench=org.xenemu.bench.DashboardBench [-Dexec.args="1000"]</pre>
 */
public final class DashboardBench {
    private static final Caller DOM0 = Caller.DOM0;

    public static void main(String[] args) {
        int domains = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        System.out.printf("%d idle guests of 64 MiB, 2 NUMA nodes, one virtual hour, sample every 1 s, ring 1800%n", domains);
        hourWithout(domains); // warm-up
        hourWith(domains, false, true);
        double without = hourWithout(domains);
        double samplerOnly = hourWith(domains, false, false);
        double with = hourWith(domains, true, true);
        System.out.printf("one virtual hour: %.0f ms without the sampler, %.0f ms with it (%.1f µs per sample), "
                + "%.0f ms with it and its meters (%.1f µs per sample)%n", without, samplerOnly,
                (samplerOnly - without) * 1000 / 3600, with, (with - without) * 1000 / 3600);
    }

    private static EmulatedHost host(int domains) {
        EmulatedHost host = EmulatedHost.create(HostSettings.defaults().withClockMode(ClockMode.MANUAL)
                .withEventHistory(4096)
                .withHost((long) domains * 64 * 1024 + (2L << 20), 2, 64L << 10, AllocationPolicy.NEAREST)
                .withDom0KiB(512L << 10).withMaxIntroducedDomains(domains + 10));
        for (int i = 0; i < domains; i++) {
            host.toolstack().create(DOM0, DomainSpec.pv("g" + i, 64L << 10));
        }
        return host;
    }

    private static double hourWithout(int domains) {
        EmulatedHost host = host(domains);
        long t0 = System.nanoTime();
        host.clock().advanceSeconds(DOM0, BigDecimal.valueOf(3600));
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double hourWith(int domains, boolean report, boolean meters) {
        EmulatedHost host = host(domains);
        HostSampler sampler = HostSampler.of(host, SamplerSettings.DEFAULTS);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HostMetrics metrics = new HostMetrics(sampler, host.events(), host.selfballoons());
        if (meters) {
            metrics.bindTo(registry);
        }
        sampler.start();
        long t0 = System.nanoTime();
        host.clock().advanceSeconds(DOM0, BigDecimal.valueOf(3600));
        double ms = (System.nanoTime() - t0) / 1e6;
        if (report) {
            JsonMapper json = JsonMapper.builder().build();
            int rounds = 20;
            long bytes = 0;
            long s0 = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                SampleWindow all = sampler.samples(DOM0, -1);
                bytes = json.writeValueAsBytes(all).length;
            }
            double allMs = (System.nanoTime() - s0) / 1e6 / rounds;
            long fleetBytes = 0;
            long f0 = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                fleetBytes = json.writeValueAsBytes(sampler.samples(DOM0, -1, 12)).length; // what the page asks
            }
            double fleetMs = (System.nanoTime() - f0) / 1e6 / rounds;
            long latest = sampler.latest().orElseThrow().jiffies();
            host.clock().advanceSeconds(DOM0, BigDecimal.ONE);
            long oneBytes = 0;
            long o0 = System.nanoTime();
            for (int i = 0; i < rounds * 10; i++) {
                oneBytes = json.writeValueAsBytes(sampler.samples(DOM0, latest)).length;
            }
            double oneMs = (System.nanoTime() - o0) / 1e6 / (rounds * 10);
            long oneFleetBytes = 0;
            long of0 = System.nanoTime();
            for (int i = 0; i < rounds * 10; i++) {
                oneFleetBytes = json.writeValueAsBytes(sampler.samples(DOM0, latest, 12)).length;
            }
            double oneFleetMs = (System.nanoTime() - of0) / 1e6 / (rounds * 10);
            String scrape = "";
            long c0 = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                scrape = registry.scrape();
            }
            double scrapeMs = (System.nanoTime() - c0) / 1e6 / rounds;
            System.out.printf("GET /host/samples, whole ring: %.1f ms, %,d bytes of JSON; one new sample: %.2f ms, %,d bytes%n",
                    allMs, bytes, oneMs, oneBytes);
            System.out.printf("GET /host/samples?fleetAbove=12, whole ring: %.1f ms, %,d bytes of JSON; one new sample: %.2f ms, %,d bytes%n",
                    fleetMs, fleetBytes, oneFleetMs, oneFleetBytes);
            System.out.printf("Prometheus scrape: %.1f ms, %,d bytes, %,d lines%n", scrapeMs, scrape.length(),
                    scrape.lines().count());
        }
        metrics.close();
        return ms;
    }
}
