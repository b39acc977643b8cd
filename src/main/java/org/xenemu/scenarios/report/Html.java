package org.xenemu.scenarios.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.xenemu.scenarios.workload.Nanos;

/** Escaping and the human formats of the report's tables (the exact figures are in summary.json). */
final class Html {
    private static final BigDecimal KIB_PER_MIB = BigDecimal.valueOf(1024);

    private Html() {
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** KiB as MiB with one decimal, thousands grouped by a thin space: {@code 1 234.5 MiB}. */
    static String mib(BigDecimal kib) {
        return group(kib.divide(KIB_PER_MIB, 1, RoundingMode.HALF_EVEN).toPlainString()) + " MiB";
    }

    static String mib(long kib) {
        return mib(BigDecimal.valueOf(kib));
    }

    /** A count with thousands grouped. */
    static String count(long n) {
        return group(Long.toString(n));
    }

    /** Virtual time in hours with two decimals ({@code 3.25 h}), or seconds below a minute. */
    static String duration(long nanos) {
        if (nanos < Nanos.MINUTE) {
            return Nanos.seconds(nanos) + " s";
        }
        return BigDecimal.valueOf(nanos).divide(BigDecimal.valueOf(Nanos.HOUR), 2, RoundingMode.HALF_EVEN)
                .toPlainString() + " h";
    }

    private static String group(String plain) {
        boolean negative = plain.startsWith("-");
        String digits = negative ? plain.substring(1) : plain;
        int dot = digits.indexOf('.');
        String whole = dot < 0 ? digits : digits.substring(0, dot);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < whole.length(); i++) {
            if (i > 0 && (whole.length() - i) % 3 == 0) {
                b.append('\u2009');
            }
            b.append(whole.charAt(i));
        }
        return (negative ? "-" : "") + b + (dot < 0 ? "" : digits.substring(dot));
    }
}
