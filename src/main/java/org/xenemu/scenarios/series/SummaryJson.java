package org.xenemu.scenarios.series;

import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.Optional;
import org.xenemu.scenarios.document.Variant;

/**
 * {@code summary.json}: members in this order, averages with three decimals, times in seconds:
 * <pre>
 * {"scenario": NAME, "variants": [
 *   {"index", "name", "sweep": {PATH: VALUE, …}, "seed", "durationSeconds", "sampleSeconds", "samples",
 *    "fleet": {"domains", "avgHeldKiB", "avgSavedKiB", "peakHeldKiB", "domainSecondsBelowTarget",
 *              "swapOutKiB", "frontswapPutKiB", "oomKills", "refusedMmaps", "balancerFailures"},
 *    "host": {"avgFreeKiB", "minFreeKiB", "avgTmemKiB"},
 *    "domains": [{"domid", "name", "lifetimeSeconds", "avgHeldKiB", "avgSavedKiB", "peakHeldKiB",
 *                 "timeBelowTargetSeconds", "swapOutKiB", "frontswapPutKiB", "oomKills", "refusedMmaps",
 *                 "balancerFailures"}, …]}, …]}
 * </pre>
 * A domain's averages are {@code null} when its life weighs nothing.
 */
public final class SummaryJson {
    private SummaryJson() {
    }

    public static void write(ScenarioSummary summary, OutputStream stream) {
        TextOut text = new TextOut(stream);
        JsonOut json = new JsonOut(text);
        json.beginObject().name("scenario").value(summary.scenario()).name("variants").beginArray();
        for (ScenarioSummary.VariantSummary v : summary.variants()) {
            json.beginObject().name("index").value(v.index()).name("name").value(v.name()).name("sweep").beginObject();
            for (Variant.SweepValue s : v.sweep()) {
                json.name(s.path()).raw(s.valueJson());
            }
            json.endObject().name("seed").value(v.seed()).name("durationSeconds").seconds(v.durationNanos())
                    .name("sampleSeconds").seconds(v.sampleNanos()).name("samples").value(v.samples());
            ScenarioSummary.Fleet f = v.fleet();
            json.name("fleet").beginObject().name("domains").value(f.domains())
                    .name("avgHeldKiB").value(f.avgHeldKiB()).name("avgSavedKiB").value(f.avgSavedKiB())
                    .name("peakHeldKiB").value(f.peakHeldKiB())
                    .name("domainSecondsBelowTarget").seconds(f.domainSecondsBelowTargetNanos())
                    .name("swapOutKiB").value(f.swapOutKiB()).name("frontswapPutKiB").value(f.frontswapPutKiB())
                    .name("oomKills").value(f.oomKills()).name("refusedMmaps").value(f.refusedMmaps())
                    .name("balancerFailures").value(f.balancerFailures()).endObject();
            ScenarioSummary.Host h = v.host();
            json.name("host").beginObject().name("avgFreeKiB").value(h.avgFreeKiB()).name("minFreeKiB")
                    .value(h.minFreeKiB()).name("avgTmemKiB").value(h.avgTmemKiB()).endObject();
            json.name("domains").beginArray();
            for (ScenarioSummary.Domain d : v.domains()) {
                json.beginObject().name("domid").value(d.domid()).name("name").value(d.name())
                        .name("lifetimeSeconds").seconds(d.lifetimeNanos());
                decimal(json.name("avgHeldKiB"), d.avgHeldKiB());
                decimal(json.name("avgSavedKiB"), d.avgSavedKiB());
                json.name("peakHeldKiB").value(d.peakHeldKiB())
                        .name("timeBelowTargetSeconds").seconds(d.timeBelowTargetNanos())
                        .name("swapOutKiB").value(d.swapOutKiB()).name("frontswapPutKiB").value(d.frontswapPutKiB())
                        .name("oomKills").value(d.oomKills()).name("refusedMmaps").value(d.refusedMmaps())
                        .name("balancerFailures").value(d.balancerFailures()).endObject();
            }
            json.endArray().endObject();
        }
        json.endArray().endObject();
        text.ascii('\n');
        text.flush();
    }

    private static void decimal(JsonOut json, Optional<BigDecimal> d) {
        if (d.isPresent()) {
            json.value(d.get());
        } else {
            json.nullValue();
        }
    }
}
