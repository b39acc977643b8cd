package org.xenemu.scenarios.report;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.xenemu.scenarios.document.Variant;
import org.xenemu.scenarios.series.ScenarioSummary;
import org.xenemu.scenarios.series.ScenarioSummary.VariantSummary;
import org.xenemu.scenarios.series.TextOut;

/** The report's summary section: fleet and host side by side per variant, then each variant's domains. */
final class SummaryTables {
    private SummaryTables() {
    }

    private record Row(String label, Function<VariantSummary, String> cell) {
    }

    private static final List<Row> FLEET = List.of(
            new Row("domains", v -> Html.count(v.fleet().domains())),
            new Row("average memory held", v -> Html.mib(v.fleet().avgHeldKiB())),
            new Row("average memory saved (static-max − current)", v -> Html.mib(v.fleet().avgSavedKiB())),
            new Row("peak memory held", v -> Html.mib(v.fleet().peakHeldKiB())),
            new Row("time below target (summed over domains)", v -> Html.duration(v.fleet().domainSecondsBelowTargetNanos())),
            new Row("swapped out", v -> Html.mib(v.fleet().swapOutKiB())),
            new Row("put into frontswap", v -> Html.mib(v.fleet().frontswapPutKiB())),
            new Row("OOM kills", v -> Html.count(v.fleet().oomKills())),
            new Row("refused mmaps", v -> Html.count(v.fleet().refusedMmaps())),
            new Row("balancer failures", v -> Html.count(v.fleet().balancerFailures())),
            new Row("host: average free", v -> Html.mib(v.host().avgFreeKiB())),
            new Row("host: least free", v -> Html.mib(v.host().minFreeKiB())),
            new Row("host: average tmem", v -> Html.mib(v.host().avgTmemKiB())));

    static void write(TextOut out, ScenarioSummary summary) {
        out.ascii("<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"scroll\">\n<table class=\"fleet\">\n"
                + "<thead><tr><th></th>");
        for (VariantSummary v : summary.variants()) {
            out.text("<th>" + Html.escape(v.name()) + "</th>");
        }
        out.ascii("</tr></thead>\n<tbody>\n");
        if (summary.variants().stream().anyMatch(v -> !v.sweep().isEmpty())) {
            for (int a = 0; a < summary.variants().get(0).sweep().size(); a++) {
                int axis = a;
                Variant.SweepValue head = summary.variants().get(0).sweep().get(a);
                out.text("<tr><th>" + Html.escape(head.path()) + "</th>");
                for (VariantSummary v : summary.variants()) {
                    out.text("<td>" + Html.escape(v.sweep().get(axis).valueText()) + "</td>");
                }
                out.ascii("</tr>\n");
            }
        }
        for (Row r : FLEET) {
            out.text("<tr><th>" + Html.escape(r.label()) + "</th>");
            for (VariantSummary v : summary.variants()) {
                out.text("<td>" + r.cell().apply(v) + "</td>");
            }
            out.ascii("</tr>\n");
        }
        out.ascii("</tbody>\n</table>\n</div>\n");
        for (VariantSummary v : summary.variants()) {
            out.text("<details><summary>Domains of " + Html.escape(v.name()) + " (" + v.domains().size()
                    + ")</summary>\n<table class=\"domains\">\n<thead><tr><th>domain</th><th>domid</th><th>life</th>"
                    + "<th>avg held</th><th>avg saved</th><th>peak held</th><th>below target</th><th>swapped out</th>"
                    + "<th>frontswap put</th><th>OOM kills</th><th>refused mmaps</th><th>balancer failures</th>"
                    + "</tr></thead>\n<tbody>\n");
            for (ScenarioSummary.Domain d : v.domains()) {
                out.text("<tr><td class=\"name\">" + Html.escape(d.name()) + "</td><td>" + d.domid() + "</td><td>"
                        + Html.duration(d.lifetimeNanos()) + "</td><td>" + optional(d.avgHeldKiB()) + "</td><td>"
                        + optional(d.avgSavedKiB()) + "</td><td>" + Html.mib(d.peakHeldKiB()) + "</td><td>"
                        + Html.duration(d.timeBelowTargetNanos()) + "</td><td>" + Html.mib(d.swapOutKiB()) + "</td><td>"
                        + Html.mib(d.frontswapPutKiB()) + "</td><td>" + Html.count(d.oomKills()) + "</td><td>"
                        + Html.count(d.refusedMmaps()) + "</td><td>" + Html.count(d.balancerFailures()) + "</td></tr>\n");
            }
            out.ascii("</tbody>\n</table>\n</details>\n");
        }
        out.ascii("</section>\n");
    }

    private static String optional(Optional<BigDecimal> kib) {
        return kib.map(Html::mib).orElse("–");
    }
}
