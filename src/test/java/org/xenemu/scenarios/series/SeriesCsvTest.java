package org.xenemu.scenarios.series;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.xenemu.scenarios.workload.Nanos;

/** series.csv byte for byte: header, host row first, empty cells where a column does not apply. */
class SeriesCsvTest {
    private static VariantSeries tiny() {
        SeriesRecorder r = new SeriesRecorder(SeriesRecorderTest.variant("90s", "60s"));
        long[] times = {0, 60 * Nanos.SECOND, 90 * Nanos.SECOND};
        for (int i = 0; i < 3; i++) {
            r.beginSample(times[i]);
            r.host(new HostSample(16_777_216, 131_072, 1_048_576, 524_288, 4096, 0, 0, 15_069_184 - 4096,
                    i == 0 ? OptionalDouble.empty() : OptionalDouble.of(0.25 * i), i));
            r.domain(new DomainSample(1, "web,1", 262_144, 262_144 - i, 100_000, 150_000, 0, 4096, 8192, 4096 * i, 0, i,
                    0, 65_536, 524_288));
            r.endSample();
        }
        return r.finish();
    }

    @Test
    void writesTheDocumentedColumnsAndFormats() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SeriesCsv.write(List.of(tiny()), out);
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n", -1);
        assertThat(lines[0]).isEqualTo("variant,time_s,domid,name,target_kib,current_kib,committed_as_kib,mem_free_kib,"
                + "swap_used_kib,frontswap_kib,swap_out_kib,frontswap_put_kib,oom_kills,refused_mmaps,balancer_failures,"
                + "workload_kib,static_max_kib,host_total_kib,host_xen_kib,host_dom0_kib,host_domains_kib,host_tmem_kib,"
                + "host_pressure_kib,host_reserved_kib,host_free_kib,balancer_gamma");
        assertThat(lines[1]).isEqualTo("base,0,,,,,,,,,,,,,0,,,16777216,131072,1048576,524288,4096,0,0,15065088,");
        assertThat(lines[2]).isEqualTo("base,0,1,\"web,1\",262144,262144,100000,150000,0,4096,8192,0,0,0,0,65536,"
                + "524288,,,,,,,,,");
        assertThat(lines[3]).isEqualTo("base,60,,,,,,,,,,,,,1,,,16777216,131072,1048576,524288,4096,0,0,15065088,0.250000");
        assertThat(lines[6]).isEqualTo("base,90,1,\"web,1\",262144,262142,100000,150000,0,4096,8192,8192,0,2,0,65536,"
                + "524288,,,,,,,,,");
        assertThat(lines).hasSize(8);
        assertThat(lines[7]).isEmpty();
        for (int i = 0; i < 7; i++) {
            assertThat(lines[i].replace("\"web,1\"", "w").chars().filter(c -> c == ',').count()).as(lines[i])
                    .isEqualTo(SeriesCsv.header().size() - 1);
        }
    }

    @Test
    void theSameSeriesGivesTheSameBytes() {
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        SeriesCsv.write(List.of(tiny()), a);
        SeriesCsv.write(List.of(tiny()), b);
        assertThat(a.toByteArray()).isEqualTo(b.toByteArray());
    }

    @Test
    void quotesOnlyWhatRfc4180Needs() {
        assertThat(SeriesCsv.field("web-1")).isEqualTo("web-1");
        assertThat(SeriesCsv.field("a=1 b=2")).isEqualTo("a=1 b=2");
        assertThat(SeriesCsv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(SeriesCsv.field("a,b")).isEqualTo("\"a,b\"");
    }
}
