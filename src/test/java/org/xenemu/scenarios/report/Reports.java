package org.xenemu.scenarios.report;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xenemu.scenarios.Runs;
import org.xenemu.scenarios.ScenarioResult;

/** Reports of small synthetic runs (the fake runner), for the report tests. */
final class Reports {
    /** Four domains (one created and destroyed on the way), two variants: the per-domain lines. */
    static final String SMALL = """
            name: small <report> & co
            seed: 3
            duration: 6h
            sample: 5m
            domains:
              - {name: web, count: 3, memoryKiB: 524288, kernel: {swapKiB: 65536},
                 workload: [{kind: daily, baseKiB: 300000, amplitude: 0.5, peakAt: 3h, step: 5m},
                            {kind: spikes, perHour: 3, kib: 100000, duration: 10m}]}
            actions:
              - {at: 1h, op: pressure, kib: 2000000}
              - {at: 2h, op: create, domain: {name: batch, memoryKiB: 1048576}}
              - {at: 3h, op: balancer, policy: squeezed}
              - {at: 4h, op: destroy, domain: batch}
            sweep:
              domains.web.memoryKiB: [400000, 524288]
            """;

    /** Forty domains: a fleet, shown as percentiles. */
    static final String FLEET = """
            name: fleet
            seed: 9
            duration: 12h
            sample: 10m
            host: {memoryKiB: 67108864}
            domains:
              - {name: web, count: 40, memoryKiB: 524288, kernel: {swapKiB: 131072},
                 workload: [{kind: random-walk, kib: 300000, stepKiB: 8192, every: 5m},
                            {kind: ramp, fromKiB: 0, toKiB: 100000, start: 2h, end: 8h}]}
            """;

    private Reports() {
    }

    static ScenarioResult run(String yaml) {
        return Runs.run(Runs.plan(yaml));
    }

    static String html(String yaml) {
        return new String(Runs.report(run(yaml)), StandardCharsets.UTF_8);
    }

    static String dataJson(String html) {
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"xenemu-report-data\">(.*?)</script>",
                Pattern.DOTALL).matcher(html);
        if (!m.find()) {
            throw new AssertionError("no report data");
        }
        return m.group(1);
    }
}
