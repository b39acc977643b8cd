package org.xenemu.scenarios.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.xenemu.scenarios.document.ScenarioFormat;
import org.xenemu.scenarios.document.ScenarioParser;
import org.xenemu.scenarios.document.Variant;
import org.xenemu.scenarios.workload.Nanos;

/** How a runner records: samples in order, one host row each, domains as tracks over their lives. */
class SeriesRecorderTest {
    static Variant variant(String duration, String sample) {
        return ScenarioParser.parse(("name: rec\nduration: " + duration + "\nsample: " + sample + "\n").getBytes(),
                ScenarioFormat.YAML).variants().get(0);
    }

    static HostSample host(long free) {
        return new HostSample(1000, 10, 20, 0, 0, 0, 0, free, OptionalDouble.empty(), 0);
    }

    static DomainSample domain(int domid, String name, long current) {
        return new DomainSample(domid, name, current, current, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, current * 2);
    }

    @Test
    void aDomainMissingFromASampleEndsItsTrackAndItsDomidMayStartAnother() {
        SeriesRecorder r = new SeriesRecorder(variant("4s", "1s"));
        for (int i = 0; i < 5; i++) {
            r.beginSample(i * Nanos.SECOND);
            r.host(host(i));
            if (i != 2) {
                r.domain(domain(1, i < 2 ? "a" : "b", 100 + i));
            }
            r.domain(domain(2, "c", 7));
            r.endSample();
        }
        VariantSeries s = r.finish();
        assertThat(s.domains()).extracting(DomainTrack::name).containsExactly("a", "c", "b");
        assertThat(s.domains()).extracting(DomainTrack::firstSample).containsExactly(0, 0, 3);
        assertThat(s.domains()).extracting(DomainTrack::sampleCount).containsExactly(2, 5, 2);
        assertThat(s.domains().get(2).values(DomainColumn.CURRENT_KIB)).containsExactly(103, 104);
        assertThat(s.rowCount()).isEqualTo(5 + 2 + 5 + 2);
        List<String> order = new ArrayList<>();
        s.scan(row -> order.add(row.isHost() ? "h" + row.sample() : row.name()));
        assertThat(order).containsExactly("h0", "a", "c", "h1", "a", "c", "h2", "c", "h3", "b", "c", "h4", "b", "c");
    }

    @Test
    void misuseIsAProgrammingError() {
        SeriesRecorder r = new SeriesRecorder(variant("2s", "1s"));
        assertThatThrownBy(() -> r.beginSample(Nanos.SECOND)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sample 0 is at 0 ns");
        r.beginSample(0);
        assertThatThrownBy(r::endSample).isInstanceOf(IllegalStateException.class);
        r.host(host(1));
        assertThatThrownBy(() -> r.host(host(1))).isInstanceOf(IllegalStateException.class);
        r.domain(domain(1, "a", 1));
        assertThatThrownBy(() -> r.domain(domain(1, "a", 1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("twice");
        r.endSample();
        r.beginSample(Nanos.SECOND);
        r.host(host(1));
        assertThatThrownBy(() -> r.domain(domain(1, "b", 1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("renamed");
        r.endSample();
        assertThatThrownBy(r::finish).isInstanceOf(IllegalStateException.class).hasMessageContaining("2 of 3");
    }

    @Test
    void gammaIsKeptToSixDecimalsAndAbsentUntilABalancerDecided() {
        SeriesRecorder r = new SeriesRecorder(variant("1s", "1s"));
        r.beginSample(0);
        r.host(host(1));
        r.endSample();
        r.beginSample(Nanos.SECOND);
        r.host(new HostSample(1, 0, 0, 0, 0, 0, 0, 1, OptionalDouble.of(0.1234565), 2));
        r.endSample();
        VariantSeries s = r.finish();
        assertThat(s.hasGamma(0)).isFalse();
        assertThat(s.hasGamma(1)).isTrue();
        assertThat(s.host(HostColumn.BALANCER_GAMMA)[1]).isEqualTo(123_456);
        assertThat(s.host(HostColumn.BALANCER_FAILURES)).containsExactly(0, 2);
    }
}
