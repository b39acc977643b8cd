package org.xenemu.scenarios.report;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.xenemu.scenarios.document.ScenarioPlan;
import org.xenemu.scenarios.series.JsonOut;
import org.xenemu.scenarios.series.ScenarioSummary;
import org.xenemu.scenarios.series.TextOut;
import org.xenemu.scenarios.series.VariantSeries;
import org.xenemu.scenarios.workload.Nanos;

/**
 * {@code report.html}: what a person would rather look at than read. One file, no network: a
 * Content-Security-Policy of {@code default-src 'none'} forbids every fetch, and everything the page
 * needs is inside it — uPlot's script and style (from the webjar, with its MIT licence), the shared
 * {@code charts.js}, the data as JSON ({@link ReportData}).
 *
 * <p>Sections: host memory stacked by owner over time (Xen, dom0, domains, tmem, pressure,
 * reserved, free), each variant side by side on the same scale; each domain's target, current and
 * Committed_AS (lines up to {@value ReportData#LINES_UP_TO} domains, p10/p50/p90 bands for a fleet);
 * the summary: the fleet and the host per variant side by side, then each variant's domains (in a
 * collapsed section). The tables are plain HTML, readable without scripts.
 *
 * <p>A script error anywhere sets {@code data-script-error} on the root element and shows a
 * {@code #script-error} box; each chart's container gets {@code data-drawn} and
 * {@code data-painted-pixels} once drawn (the browser test reads these). No clock time goes into
 * the page: the same results give the same bytes.
 */
public final class ScenarioReport {
    private static final String ERROR_TRAP = """
            (function () {
              function show(message) {
                var root = document.documentElement;
                if (!root.hasAttribute('data-script-error')) {
                  root.setAttribute('data-script-error', String(message));
                }
                var box = document.getElementById('script-error');
                if (!box && document.body) {
                  box = document.createElement('div');
                  box.id = 'script-error';
                  document.body.insertBefore(box, document.body.firstChild);
                }
                if (box) {
                  box.textContent = 'The charts could not be drawn: ' + message;
                }
              }
              window.onerror = function (message) { show(message); };
              window.addEventListener('unhandledrejection', function (e) { show(e.reason); });
            })();
            """;

    private ScenarioReport() {
    }

    public static void write(ScenarioPlan plan, List<VariantSeries> series, ScenarioSummary summary, OutputStream stream) {
        TextOut out = new TextOut(stream);
        String title = Html.escape(plan.name());
        out.ascii("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .ascii("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .ascii("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                        + "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n")
                .text("<title>" + title + " — xenemu scenario report</title>\n")
                .ascii("<script>\n").ascii(ERROR_TRAP).ascii("</script>\n")
                .ascii("<style>\n").text(Resources.UPLOT_CSS).ascii("\n</style>\n")
                .ascii("<style>\n").text(Resources.REPORT_CSS).ascii("</style>\n</head>\n<body>\n");
        header(out, plan, summary);
        charts(out, summary, "host", "Host memory by owner",
                "Stacked: Xen, dom0, the scenario's domains, tmem (frontswap), pressure, reservations, free. "
                        + "The same scale in every variant.");
        charts(out, summary, "domains", "Domains: target, current, Committed_AS",
                series.stream().anyMatch(s -> s.domains().size() > ReportData.LINES_UP_TO)
                        ? "A fleet: the 10th, 50th and 90th percentile across the domains alive at each sample "
                        + "(band p10–p90, line p50)."
                        : "Per domain: target dashed, current solid, Committed_AS dotted.");
        SummaryTables.write(out, summary);
        out.text("<footer>Written by xenemu from the scenario document and its run; the exact figures are in "
                + "summary.json and series.csv. Charts by uPlot " + Html.escape(Resources.UPLOT_VERSION) + ".</footer>\n");
        out.ascii("<script type=\"application/json\" id=\"xenemu-report-data\">");
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        TextOut dataText = new TextOut(data);
        ReportData.write(plan.name(), series, new JsonOut(dataText));
        dataText.flush();
        out.text(data.toString(StandardCharsets.UTF_8)).ascii("</script>\n");
        out.ascii("<!--\nuPlot ").ascii(Resources.UPLOT_VERSION).ascii(", https://github.com/leeoniya/uPlot\n")
                .text(Resources.UPLOT_LICENSE.replace("--", "- -")).ascii("\n-->\n");
        out.ascii("<script>\n").text(verifyInlinable(Resources.UPLOT_JS)).ascii("\n</script>\n");
        out.ascii("<script>\n").text(verifyInlinable(Resources.CHARTS_JS)).ascii("\n</script>\n");
        out.ascii("<script>\nXenemuCharts.renderReport(document, "
                + "JSON.parse(document.getElementById('xenemu-report-data').textContent));\n</script>\n");
        out.ascii("</body>\n</html>\n");
        out.flush();
    }

    private static void header(TextOut out, ScenarioPlan plan, ScenarioSummary summary) {
        List<ScenarioSummary.VariantSummary> variants = summary.variants();
        ScenarioSummary.VariantSummary first = variants.get(0);
        out.text("<header>\n<h1>" + Html.escape(plan.name()) + "</h1>\n<p class=\"facts\">");
        out.text(same(variants, v -> Long.toString(v.seed()), "seed") + " · "
                + same(variants, v -> Nanos.text(v.durationNanos()), "duration") + " · "
                + same(variants, v -> Nanos.text(v.sampleNanos()), "sample") + " · "
                + same(variants, v -> Integer.toString(v.fleet().domains()), "domains"));
        if (!plan.sweep().isEmpty()) {
            out.text(" · <b>" + plan.variants().size() + "</b> variants sweeping ");
            for (int a = 0; a < plan.sweep().size(); a++) {
                ScenarioPlan.SweepAxis axis = plan.sweep().get(a);
                out.text((a == 0 ? "" : ", ") + "<code>" + Html.escape(axis.path()) + "</code>");
            }
        }
        out.ascii("</p>\n</header>\n");
    }

    /** {@code label <b>value</b>} when every variant has the same value, else {@code label varies}. */
    private static String same(List<ScenarioSummary.VariantSummary> variants,
                               java.util.function.Function<ScenarioSummary.VariantSummary, String> value, String label) {
        String first = value.apply(variants.get(0));
        boolean same = variants.stream().allMatch(v -> value.apply(v).equals(first));
        return label + (same ? " <b>" + Html.escape(first) + "</b>" : " varies by variant");
    }

    private static void charts(TextOut out, ScenarioSummary summary, String kind, String heading, String note) {
        out.text("<section id=\"" + kind + "\">\n<h2>" + heading + "</h2>\n<p class=\"note\">" + Html.escape(note)
                + "</p>\n<div class=\"variants\">\n");
        for (ScenarioSummary.VariantSummary v : summary.variants()) {
            out.text("<figure class=\"chart\" data-chart=\"" + kind + "\" data-variant=\"" + v.index() + "\">"
                    + "<figcaption>" + Html.escape(v.name()) + "</figcaption><div class=\"chart-body\"></div></figure>\n");
        }
        out.ascii("</div>\n</section>\n");
    }

    /** Inlined text must not end its own script element early. */
    private static String verifyInlinable(String script) {
        String lower = script.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("</script") || lower.contains("<!--")) {
            throw new IllegalStateException("a script to inline contains </script or <!--");
        }
        return script;
    }
}
