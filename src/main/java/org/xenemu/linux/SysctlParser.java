package org.xenemu.linux;

import org.xenemu.error.XenException;

/**
 * The kernel's parser for one-value numeric sysctl writes (kernel/sysctl.c {@code proc_get_long}
 * as used by {@code proc_dointvec[_minmax]} and {@code proc_doulongvec_minmax}), so
 * {@code PUT /procfs/sys/vm/...} accepts and refuses exactly what {@code echo > /proc/sys/vm/...}
 * does:
 * <ul>
 *   <li>leading spaces, tabs and newlines are skipped; nothing left is EINVAL;</li>
 *   <li>an optional {@code -}, then a digit must follow ({@code +5} is EINVAL);</li>
 *   <li>the number is read with base 0 ({@code 0x1f} hex, {@code 017} octal) and must not overflow
 *       64 bits; at most 21 characters are looked at, and a number that long is EINVAL;</li>
 *   <li>the number must be followed by the end of the text or by whitespace ({@code 12abc} is
 *       EINVAL); whatever comes after that whitespace is ignored, as the kernel only consumes the
 *       first value of a one-value table ({@code "1 2"} writes 1);</li>
 *   <li>int tables: the value must fit an int ({@code -2147483648..2147483647}), else EINVAL;
 *       ulong tables: a minus sign is EINVAL.</li>
 * </ul>
 */
public final class SysctlParser {
    /** {@code TMPBUFLEN} in kernel/sysctl.c: the copy of the number is 21 characters at most. */
    private static final int TMPBUFLEN = 22;

    private SysctlParser() {
    }

    /** {@code proc_dointvec} (and {@code _minmax} with {@code min..max}). */
    public static int parseInt(String text, long min, long max) {
        Parsed parsed = parse(text);
        long value;
        if (parsed.negative) {
            if (Long.compareUnsigned(parsed.magnitude, (long) Integer.MAX_VALUE + 1) > 0) {
                throw XenException.invalid("value out of int range");
            }
            value = -parsed.magnitude;
        } else {
            if (Long.compareUnsigned(parsed.magnitude, Integer.MAX_VALUE) > 0) {
                throw XenException.invalid("value out of int range");
            }
            value = parsed.magnitude;
        }
        if (value < min || value > max) {
            throw XenException.invalid("value " + value + " outside " + min + ".." + max);
        }
        return (int) value;
    }

    /** {@code proc_doulongvec_minmax} without bounds: returns the unsigned 64-bit value as a long. */
    public static long parseUlong(String text) {
        Parsed parsed = parse(text);
        if (parsed.negative) {
            throw XenException.invalid("negative value for an unsigned sysctl");
        }
        return parsed.magnitude;
    }

    private record Parsed(boolean negative, long magnitude) {
    }

    private static boolean isSpace(char c) {
        // proc_skip_spaces uses isspace(): space, \t \n \v \f \r
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }

    private static Parsed parse(String text) {
        int pos = 0;
        int size = text.length();
        while (pos < size && isSpace(text.charAt(pos))) {
            pos++;
        }
        if (pos == size) {
            throw XenException.invalid("no value written");
        }
        int left = size - pos;
        String tmp = text.substring(pos, pos + Math.min(left, TMPBUFLEN - 1));
        int p = 0;
        boolean negative = false;
        if (tmp.charAt(0) == '-' && left > 1) {
            negative = true;
            p++;
        }
        if (p >= tmp.length() || !isDigit(tmp.charAt(p))) {
            throw XenException.invalid("not a number: " + abbreviate(text));
        }
        int base = 10;
        if (tmp.charAt(p) == '0') {
            if (p + 2 < tmp.length() && (tmp.charAt(p + 1) == 'x' || tmp.charAt(p + 1) == 'X')
                    && digitValue(tmp.charAt(p + 2)) < 16) {
                base = 16;
                p += 2;
            } else {
                base = 8;
            }
        }
        long value = 0;
        int digits = 0;
        while (p < tmp.length()) {
            int d = digitValue(tmp.charAt(p));
            if (d >= base) {
                break;
            }
            // overflow of the unsigned 64-bit accumulator is EINVAL (strtoul_lenient → -ERANGE)
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L - d, base)) > 0) {
                throw XenException.invalid("number too large: " + abbreviate(text));
            }
            value = value * base + d;
            digits++;
            p++;
        }
        if (digits == 0 && base != 8) {
            throw XenException.invalid("not a number: " + abbreviate(text));
        }
        if (p == TMPBUFLEN - 1) {
            throw XenException.invalid("number too long: " + abbreviate(text));
        }
        if (p < left && !isWhitespaceTerminator(tmp, p)) {
            throw XenException.invalid("junk after the number: " + abbreviate(text));
        }
        return new Parsed(negative, value);
    }

    /** proc_wspace_sep is {@code " \t\n"}; the character after the number must be one of them. */
    private static boolean isWhitespaceTerminator(String tmp, int p) {
        if (p >= tmp.length()) {
            return true;
        }
        char c = tmp.charAt(p);
        return c == ' ' || c == '\t' || c == '\n';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int digitValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return 99;
    }

    private static String abbreviate(String text) {
        String oneLine = text.strip();
        return oneLine.length() > 40 ? oneLine.substring(0, 40) + "…" : oneLine;
    }
}
