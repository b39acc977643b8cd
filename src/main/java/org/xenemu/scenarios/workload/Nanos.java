package org.xenemu.scenarios.workload;

/** Virtual time units: every scenario time is a {@code long} of nanoseconds (never a double). */
public final class Nanos {
    public static final long MILLISECOND = 1_000_000L;
    public static final long SECOND = 1_000 * MILLISECOND;
    public static final long MINUTE = 60 * SECOND;
    public static final long HOUR = 60 * MINUTE;
    public static final long DAY = 24 * HOUR;

    private Nanos() {
    }

    /**
     * The shortest exact text of a duration in the document's syntax, for messages and variant
     * names: {@code 90s}, {@code 15m}, {@code 24h}, {@code 2d}, {@code 500ms}, {@code 1.5s}.
     */
    public static String text(long nanos) {
        if (nanos != 0) {
            if (nanos % DAY == 0) {
                return nanos / DAY + "d";
            }
            if (nanos % HOUR == 0) {
                return nanos / HOUR + "h";
            }
            if (nanos % MINUTE == 0) {
                return nanos / MINUTE + "m";
            }
        }
        if (nanos % SECOND == 0) {
            return nanos / SECOND + "s";
        }
        if (nanos % MILLISECOND == 0) {
            return nanos / MILLISECOND + "ms";
        }
        return seconds(nanos) + "s";
    }

    /** Seconds as an exact decimal without trailing zeros: 60, 0.5, 0.004, 1.000000001. */
    public static String seconds(long nanos) {
        StringBuilder b = new StringBuilder(24);
        appendSeconds(b, nanos);
        return b.toString();
    }

    /** {@link #seconds} into a builder, without allocating. */
    public static void appendSeconds(StringBuilder b, long nanos) {
        if (nanos < 0) {
            b.append('-');
            if (nanos == Long.MIN_VALUE) {
                b.append("9223372036.854775808");
                return;
            }
            nanos = -nanos;
        }
        b.append(nanos / SECOND);
        long frac = nanos % SECOND;
        if (frac != 0) {
            int digits = 9;
            while (frac % 10 == 0) {
                frac /= 10;
                digits--;
            }
            b.append('.');
            String f = Long.toString(frac);
            for (int i = f.length(); i < digits; i++) {
                b.append('0');
            }
            b.append(f);
        }
    }
}
