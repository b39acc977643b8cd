package org.xenemu.scenarios.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report opened in a real browser, offline: every chart is drawn (its canvas has painted
 * pixels) and no script failed. A page whose data is broken shows the failure, so a silent
 * blank page cannot pass.
 */
class ReportInBrowserTest {
    /** The element each chart is drawn into (its figure holds the caption). */
    private static final Pattern CHART = Pattern.compile("<div class=\"chart-body\"([^>]*)>");
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-z-]+)=\"([^\"]*)\"");

    @BeforeAll
    static void browser() {
        HeadlessChromium.assumePresent();
    }

    @Test
    void drawsEveryChartOfASmallRunWithoutAScriptError(@TempDir Path dir) throws Exception {
        HeadlessChromium.Page page = open(Reports.html(Reports.SMALL), dir);
        assertNoScriptError(page);
        List<Map<String, String>> charts = charts(page.dom());
        assertThat(charts).hasSize(4);
        assertThat(charts).allSatisfy(ReportInBrowserTest::assertDrawn);
        assertThat(count(page.dom(), "<canvas")).isEqualTo(4);
        assertThat(page.dom()).contains("data-charts=\"4\"");
    }

    @Test
    void drawsAFleetAsPercentileBands(@TempDir Path dir) throws Exception {
        HeadlessChromium.Page page = open(Reports.html(Reports.FLEET), dir);
        assertNoScriptError(page);
        assertThat(charts(page.dom())).hasSize(2).allSatisfy(ReportInBrowserTest::assertDrawn);
        assertThat(page.dom()).contains("Committed_AS p50");
    }

    @Test
    void aBrokenPageIsSeenAsBroken(@TempDir Path dir) throws Exception {
        String broken = Reports.html(Reports.SMALL).replace("{\"scenario\":", "{\"variants\":null,\"scenario\":")
                .replace("\"variants\":[", "\"variantz\":[");
        HeadlessChromium.Page page = open(broken, dir);
        assertThat(page.dom()).contains("data-script-error=").contains("id=\"script-error\"");
        assertThat(charts(page.dom())).noneSatisfy(c -> assertThat(c).containsKey("data-drawn"));
    }

    private static HeadlessChromium.Page open(String html, Path dir) throws Exception {
        Path file = dir.resolve("report.html");
        Files.writeString(file, html, StandardCharsets.UTF_8);
        return HeadlessChromium.open(file, dir);
    }

    private static void assertNoScriptError(HeadlessChromium.Page page) {
        assertThat(page.dom()).as("the page's error trap").doesNotContain("data-script-error=")
                .doesNotContain("id=\"script-error\"");
        assertThat(page.log()).as("the browser's console").doesNotContain("Uncaught");
    }

    private static void assertDrawn(Map<String, String> chart) {
        assertThat(chart).containsEntry("data-drawn", "true");
        assertThat(Long.parseLong(chart.get("data-painted-pixels"))).as("painted pixels of %s", chart).isPositive();
    }

    private static List<Map<String, String>> charts(String dom) {
        List<Map<String, String>> out = new ArrayList<>();
        Matcher m = CHART.matcher(dom);
        while (m.find()) {
            Map<String, String> attributes = new LinkedHashMap<>();
            Matcher a = ATTRIBUTE.matcher(m.group(1));
            while (a.find()) {
                attributes.put(a.group(1), a.group(2));
            }
            out.add(attributes);
        }
        return out;
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
