package org.xenemu.scenarios.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The report as a file: self-contained, its data well-formed, its tables readable without scripts. */
class ScenarioReportTest {
    private final String small = Reports.html(Reports.SMALL);

    @Test
    void needsNothingFromTheNetwork() {
        assertThat(small).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';");
        assertThat(small).doesNotContainPattern(Pattern.compile("<(script|img|iframe)[^>]*\\ssrc=", Pattern.CASE_INSENSITIVE));
        assertThat(small).doesNotContainPattern(Pattern.compile("<link\\b", Pattern.CASE_INSENSITIVE));
        assertThat(small).doesNotContainPattern(Pattern.compile("url\\(\\s*['\"]?(https?:|//)", Pattern.CASE_INSENSITIVE));
        assertThat(small).contains("var uPlot=").contains("global.XenemuCharts = {").contains(".uplot");
        assertThat(small).contains("Copyright (c) 2022 Leon Sorokin");
    }

    @Test
    void carriesItsDataAsJsonWithLinesForAFewDomainsAndPercentilesForAFleet() {
        JsonNode data = JsonMapper.builder().build().readTree(Reports.dataJson(small));
        assertThat(data.get("scenario").stringValue()).isEqualTo("small <report> & co");
        assertThat(data.get("variants")).hasSize(2);
        JsonNode v = data.get("variants").get(1);
        assertThat(v.get("name").stringValue()).isEqualTo("memoryKiB=524288");
        assertThat(v.get("time_s")).hasSize(73);
        assertThat(v.get("host").get("free")).hasSize(73);
        assertThat(v.get("domains").get("mode").stringValue()).isEqualTo("lines");
        JsonNode batch = v.get("domains").get("series").get(3);
        assertThat(batch.get("name").stringValue()).isEqualTo("batch");
        assertThat(batch.get("current").get(0).isNull()).isTrue();
        assertThat(batch.get("current").get(30).asLong()).isEqualTo(1_048_576);

        JsonNode fleet = JsonMapper.builder().build().readTree(Reports.dataJson(Reports.html(Reports.FLEET)))
                .get("variants").get(0).get("domains");
        assertThat(fleet.get("mode").stringValue()).isEqualTo("percentiles");
        assertThat(fleet.get("alive").get(5).asInt()).isEqualTo(40);
        JsonNode committed = fleet.get("committed");
        for (int i = 0; i < 73; i++) {
            long p10 = committed.get("p10").get(i).asLong();
            long p50 = committed.get("p50").get(i).asLong();
            long p90 = committed.get("p90").get(i).asLong();
            assertThat(p10).isLessThanOrEqualTo(p50);
            assertThat(p50).isLessThanOrEqualTo(p90);
        }
    }

    @Test
    void percentilesAreNearestRank() {
        assertThat(band(new long[] {10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 10)).containsExactly(1, 5, 9);
        assertThat(band(new long[] {7}, 1)).containsExactly(7, 7, 7);
        assertThat(band(new long[] {3, 1, 2, 99}, 3)).containsExactly(1, 2, 3);
        assertThat(band(new long[4], 0)).containsExactly(Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE);
    }

    private static long[] band(long[] values, int count) {
        long[] out = new long[3];
        ReportData.band(values, count, out);
        return out;
    }

    @Test
    void showsTheSummarySideBySideInPlainHtmlWithNamesEscaped() {
        assertThat(small).contains("<h1>small &lt;report&gt; &amp; co</h1>");
        assertThat(small).contains("<thead><tr><th></th><th>memoryKiB=400000</th><th>memoryKiB=524288</th></tr></thead>");
        assertThat(small).contains("<tr><th>domains.web.memoryKiB</th><td>400000</td><td>524288</td></tr>");
        assertThat(small).contains("<details><summary>Domains of memoryKiB=400000 (4)</summary>");
        assertThat(small).doesNotContain("<report>");
    }

    @Test
    void containsNoClockTimeSoTheSameResultsGiveTheSameBytes() {
        assertThat(Reports.html(Reports.SMALL)).isEqualTo(small);
    }
}
