package org.xenemu.scenarios.series;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code series.csv} ({@code text/csv}; docs/scenarios.md "Series"): RFC 4180 with a header row,
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
    private SeriesCsv() {
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
            String variant = field(v.variant().name());
            v.scan(row -> {
                out.text(variant).ascii(',').seconds(row.timeNanos()).ascii(',');
                if (row.isHost()) {
                    out.ascii(',');
                    for (DomainColumn c : DomainColumn.values()) {
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
                } else {
                    out.number(row.domid()).ascii(',').text(field(row.name()));
                    for (DomainColumn c : DomainColumn.values()) {
                        out.ascii(',').number(row.get(c));
                    }
                    for (int k = 1; k < HostColumn.values().length; k++) {
                        out.ascii(',');
                    }
                }
                out.ascii('\n');
            });
        }
        out.flush();
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
