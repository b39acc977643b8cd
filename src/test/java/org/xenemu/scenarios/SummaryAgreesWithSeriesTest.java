package org.xenemu.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * summary.json recomputed from series.csv alone, with the documented formulas and nothing of the
 * production code: every figure of every domain, of the fleet and of the host agrees.
 */
class SummaryAgreesWithSeriesTest {
    private static final BigDecimal NS = BigDecimal.valueOf(1_000_000_000L);

    @Test
    void everyFigureOfTheSummaryFollowsFromTheCsv() throws Exception {
        ScenarioResult result = Runs.run(Runs.example());
        List<String[]> rows = parse(new String(Runs.csv(result), StandardCharsets.UTF_8));
        JsonNode summary = JsonMapper.builder().build().readTree(Runs.summary(result));
        String[] header = rows.get(0);
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
            col.put(header[i], i);
        }
        Map<String, List<String[]>> byVariant = new LinkedHashMap<>();
        for (String[] r : rows.subList(1, rows.size())) {
            byVariant.computeIfAbsent(r[0], k -> new ArrayList<>()).add(r);
        }
        assertThat(byVariant.keySet()).containsExactly("selfballoonDownhysteresis=2", "selfballoonDownhysteresis=4",
                "selfballoonDownhysteresis=8", "selfballoonDownhysteresis=16");
        int v = 0;
        for (Map.Entry<String, List<String[]>> e : byVariant.entrySet()) {
            JsonNode expected = summary.get("variants").get(v++);
            assertThat(expected.get("name").stringValue()).isEqualTo(e.getKey());
            verifyVariant(e.getValue(), col, expected);
        }
    }

    /** The same check on a run of the private-host runner: real engines, a sweep, actions. */
    @Test
    void everyFigureFollowsFromTheCsvOfARealRun() throws Exception {
        String doc = org.xenemu.scenarios.run.PrivateHostRunnerTest.FLEET
                + "sweep: {domains.web.selfballoon.selfballoonDownhysteresis: [2, 8]}\n";
        ScenarioResult result = ScenarioExecution.run(Runs.plan(doc), new org.xenemu.scenarios.run.PrivateHostRunner(),
                2, p -> { }, new Cancellation());
        List<String[]> rows = parse(new String(Runs.csv(result), StandardCharsets.UTF_8));
        JsonNode summary = JsonMapper.builder().build().readTree(Runs.summary(result));
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < rows.get(0).length; i++) {
            col.put(rows.get(0)[i], i);
        }
        Map<String, List<String[]>> byVariant = new LinkedHashMap<>();
        for (String[] r : rows.subList(1, rows.size())) {
            byVariant.computeIfAbsent(r[0], k -> new ArrayList<>()).add(r);
        }
        assertThat(byVariant.keySet()).containsExactly("selfballoonDownhysteresis=2", "selfballoonDownhysteresis=8");
        int v = 0;
        for (Map.Entry<String, List<String[]>> e : byVariant.entrySet()) {
            verifyVariant(e.getValue(), col, summary.get("variants").get(v++));
        }
    }

    private static void verifyVariant(List<String[]> rows, Map<String, Integer> col, JsonNode expected) {
        List<BigDecimal> times = new ArrayList<>();
        for (String[] r : rows) {
            if (r[col.get("domid")].isEmpty()) {
                times.add(new BigDecimal(r[col.get("time_s")]));
            }
        }
        Map<BigDecimal, BigDecimal> weight = new HashMap<>();
        for (int i = 0; i < times.size(); i++) {
            weight.put(times.get(i), i + 1 < times.size() ? times.get(i + 1).subtract(times.get(i)) : BigDecimal.ZERO);
        }
        BigDecimal duration = times.get(times.size() - 1).subtract(times.get(0));
        Map<String, Domain> domains = new LinkedHashMap<>();
        Map<BigDecimal, BigDecimal> heldAtTime = new HashMap<>();
        BigDecimal freeIntegral = BigDecimal.ZERO;
        BigDecimal tmemIntegral = BigDecimal.ZERO;
        BigDecimal minFree = null;
        String hostFailures = "0";
        for (String[] r : rows) {
            BigDecimal t = new BigDecimal(r[col.get("time_s")]);
            BigDecimal w = weight.get(t);
            if (r[col.get("domid")].isEmpty()) {
                BigDecimal free = new BigDecimal(r[col.get("host_free_kib")]);
                freeIntegral = freeIntegral.add(free.multiply(w));
                tmemIntegral = tmemIntegral.add(new BigDecimal(r[col.get("host_tmem_kib")]).multiply(w));
                minFree = minFree == null || free.compareTo(minFree) < 0 ? free : minFree;
                hostFailures = r[col.get("balancer_failures")];
                continue;
            }
            Domain d = domains.computeIfAbsent(r[col.get("domid")] + "/" + r[col.get("name")], k -> new Domain());
            BigDecimal current = new BigDecimal(r[col.get("current_kib")]);
            d.lifetime = d.lifetime.add(w);
            d.held = d.held.add(current.multiply(w));
            d.saved = d.saved.add(new BigDecimal(r[col.get("static_max_kib")]).subtract(current).multiply(w));
            d.peak = d.peak == null || current.compareTo(d.peak) > 0 ? current : d.peak;
            if (current.compareTo(new BigDecimal(r[col.get("target_kib")])) < 0) {
                d.below = d.below.add(w);
            }
            d.last = r;
            heldAtTime.merge(t, current, BigDecimal::add);
        }
        JsonNode list = expected.get("domains");
        assertThat(list.size()).isEqualTo(domains.size());
        int k = 0;
        BigDecimal fleetHeld = BigDecimal.ZERO;
        BigDecimal fleetSaved = BigDecimal.ZERO;
        BigDecimal fleetBelow = BigDecimal.ZERO;
        long swapOut = 0;
        long oom = 0;
        for (Map.Entry<String, Domain> e : domains.entrySet()) {
            Domain d = e.getValue();
            JsonNode s = list.get(k++);
            assertThat(s.get("domid").asString() + "/" + s.get("name").stringValue()).isEqualTo(e.getKey());
            assertThat(s.get("lifetimeSeconds").decimalValue()).isEqualByComparingTo(d.lifetime);
            if (d.lifetime.signum() > 0) {
                assertThat(s.get("avgHeldKiB").decimalValue()).isEqualByComparingTo(avg(d.held, d.lifetime));
                assertThat(s.get("avgSavedKiB").decimalValue()).isEqualByComparingTo(avg(d.saved, d.lifetime));
            } else {
                assertThat(s.get("avgHeldKiB").isNull()).isTrue();
            }
            assertThat(s.get("peakHeldKiB").decimalValue()).isEqualByComparingTo(d.peak);
            assertThat(s.get("timeBelowTargetSeconds").decimalValue()).isEqualByComparingTo(d.below);
            assertThat(s.get("swapOutKiB").asString()).isEqualTo(d.last[col.get("swap_out_kib")]);
            assertThat(s.get("frontswapPutKiB").asString()).isEqualTo(d.last[col.get("frontswap_put_kib")]);
            assertThat(s.get("oomKills").asString()).isEqualTo(d.last[col.get("oom_kills")]);
            assertThat(s.get("refusedMmaps").asString()).isEqualTo(d.last[col.get("refused_mmaps")]);
            assertThat(s.get("balancerFailures").asString()).isEqualTo(d.last[col.get("balancer_failures")]);
            fleetHeld = fleetHeld.add(d.held);
            fleetSaved = fleetSaved.add(d.saved);
            fleetBelow = fleetBelow.add(d.below);
            swapOut += Long.parseLong(d.last[col.get("swap_out_kib")]);
            oom += Long.parseLong(d.last[col.get("oom_kills")]);
        }
        JsonNode fleet = expected.get("fleet");
        assertThat(fleet.get("domains").asInt()).isEqualTo(domains.size());
        assertThat(fleet.get("avgHeldKiB").decimalValue()).isEqualByComparingTo(avg(fleetHeld, duration));
        assertThat(fleet.get("avgSavedKiB").decimalValue()).isEqualByComparingTo(avg(fleetSaved, duration));
        assertThat(fleet.get("peakHeldKiB").decimalValue())
                .isEqualByComparingTo(heldAtTime.values().stream().max(BigDecimal::compareTo).orElseThrow());
        assertThat(fleet.get("domainSecondsBelowTarget").decimalValue()).isEqualByComparingTo(fleetBelow);
        assertThat(fleet.get("swapOutKiB").asLong()).isEqualTo(swapOut);
        assertThat(fleet.get("oomKills").asLong()).isEqualTo(oom);
        assertThat(fleet.get("balancerFailures").asString()).isEqualTo(hostFailures);
        JsonNode host = expected.get("host");
        assertThat(host.get("avgFreeKiB").decimalValue()).isEqualByComparingTo(avg(freeIntegral, duration));
        assertThat(host.get("minFreeKiB").decimalValue()).isEqualByComparingTo(minFree);
        assertThat(host.get("avgTmemKiB").decimalValue()).isEqualByComparingTo(avg(tmemIntegral, duration));
        assertThat(swapOut).as("the example swaps, so the check is not vacuous").isPositive();
    }

    private static BigDecimal avg(BigDecimal integral, BigDecimal over) {
        return integral.divide(over, 3, RoundingMode.HALF_EVEN);
    }

    private static final class Domain {
        BigDecimal lifetime = BigDecimal.ZERO;
        BigDecimal held = BigDecimal.ZERO;
        BigDecimal saved = BigDecimal.ZERO;
        BigDecimal below = BigDecimal.ZERO;
        BigDecimal peak;
        String[] last;
    }

    /** RFC 4180, as much as series.csv uses: quoted fields with doubled quotes, LF line ends. */
    static List<String[]> parse(String csv) {
        List<String[]> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                fields.add(field.toString());
                field.setLength(0);
                rows.add(fields.toArray(new String[0]));
                fields.clear();
            } else {
                field.append(c);
            }
        }
        return rows;
    }
}
