package org.xenemu.scenarios.series;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code series.csv} ({@code text/csv}; docs/scenarios.md "What comes out"): RFC 4180 with a header row,
 * LF line ends, UTF-8, fields quoted only when they hold a comma, a quote or a line break. One row
 * per sample and domain plus one host row per sample, for every variant in order; within a sample
 * the host row first, then domains by domid. Columns:
 * <pre>
 *   variant, time_s, domid, name,
 *   target_kib … static_max_kib        ({@link DomainColumn}, empty in host rows)
 *   host_total_kib … balancer_gamma    ({@link HostColumn}, empty in domain rows)
 * </pre>
 * {@code balancer_failures} is shared: a domain's blamed failures, or the host's failed runs. The
 * host row has no domid and no name; {@code balancer_gamma} is empty until a balancer decided.
 * Numbers: integers, {@code time_s} as exact decimal seconds, γ with six decimals.
 */
public final class SeriesCsv {
    private static final DomainColumn[] DOMAIN_COLUMNS = DomainColumn.values();
    /** A domain row's empty host cells: one comma per host column but the shared balancer_failures. */
    private static final byte[] EMPTY_HOST_CELLS = ",".repeat(HostColumn.values().length - 1)
            .getBytes(StandardCharsets.US_ASCII);

    private SeriesCsv() {
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The header's column names, in order. */
    public static List<String> header() {
        List<String> names = new ArrayList<>(List.of("variant", "time_s", "domid", "name"));
        for (DomainColumn c : DomainColumn.values()) {
            names.add(c.csvName());
        }
        for (HostColumn c : HostColumn.values()) {
            if (c != HostColumn.BALANCER_FAILURES) {
                names.add(c.csvName());
            }
        }
        return names;
    }

    public static void write(List<VariantSeries> variants, OutputStream stream) {
        TextOut out = new TextOut(stream);
        List<String> header = header();
        for (int i = 0; i < header.size(); i++) {
            out.ascii(i == 0 ? "" : ",").ascii(header.get(i));
        }
        out.ascii('\n');
        for (VariantSeries v : variants) {
            byte[] variant = utf8(field(v.variant().name()) + ",");
            byte[][] names = new byte[v.domains().size()][];
            for (int k = 0; k < names.length; k++) {
                DomainTrack t = v.domains().get(k);
                names[k] = utf8("," + t.domid() + "," + field(t.name()));
            }
            byte[][] time = new byte[1][];
            v.scan(row -> {
                if (row.isHost()) {
                    time[0] = utf8(org.xenemu.scenarios.workload.Nanos.seconds(row.timeNanos()));
                    out.bytes(variant).bytes(time[0]);
                    hostRow(out, row);
                } else {
                    out.bytes(variant).bytes(time[0]).bytes(names[row.trackIndex()]);
                    domainRow(out, row);
                }
            });
        }
        out.flush();
    }

    /* A host row and a domain row are written by methods of their own, so the rare one (a host
     * row per thousand in a fleet) does not weigh on the JIT's compile of the common one. */

    private static void hostRow(TextOut out, SeriesRow row) {
        out.ascii(",,");
        for (DomainColumn c : DOMAIN_COLUMNS) {
            out.ascii(',');
            if (c == DomainColumn.BALANCER_FAILURES) {
                out.number(row.get(HostColumn.BALANCER_FAILURES));
            }
        }
        for (HostColumn c : HostColumn.values()) {
            if (c == HostColumn.BALANCER_FAILURES) {
                continue;
            }
            out.ascii(',');
            if (c == HostColumn.BALANCER_GAMMA) {
                if (row.hasGamma()) {
                    out.micros(row.get(c));
                }
            } else {
                out.number(row.get(c));
            }
        }
        out.ascii('\n');
    }

    private static void domainRow(TextOut out, SeriesRow row) {
        for (DomainColumn c : DOMAIN_COLUMNS) {
            out.ascii(',').number(row.get(c));
        }
        out.bytes(EMPTY_HOST_CELLS).ascii('\n');
    }

    /** RFC 4180: quoted (with inner quotes doubled) only when needed. */
    static String field(String s) {
        boolean needs = false;
        for (int i = 0; i < s.length() && !needs; i++) {
            char c = s.charAt(i);
            needs = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        return needs ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
