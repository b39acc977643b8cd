package org.xenemu.xenstore.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Argument parsing with C xenstored 4.17's rules (measured against the real daemon, see
 * docs/xenstore.md "Wire protocol"): strings are NUL-terminated, bytes after the last NUL are ignored by the
 * multi-argument operations, numbers are read like C {@code atoi}. Bytes map 1:1 to chars
 * (ISO-8859-1), so anything but the allowed path characters reaches the store and is refused there.
 */
final class WireArgs {
    private WireArgs() {
    }

    /** {@code onearg()}: exactly one NUL, as the last byte; empty otherwise. */
    static Optional<String> oneArg(byte[] payload) {
        int n = payload.length;
        if (n == 0 || indexOfNul(payload, 0) != n - 1) {
            return Optional.empty();
        }
        return Optional.of(string(payload, 0, n - 1));
    }

    /** The NUL-terminated strings of the payload, at most {@code max}; an unterminated tail is ignored. */
    static List<String> strings(byte[] payload, int max) {
        List<String> out = new ArrayList<>();
        int off = 0;
        while (out.size() < max) {
            int nul = indexOfNul(payload, off);
            if (nul < 0) {
                break;
            }
            out.add(string(payload, off, nul));
            off = nul + 1;
        }
        return out;
    }

    static int countNuls(byte[] payload) {
        int count = 0;
        for (byte b : payload) {
            if (b == 0) {
                count++;
            }
        }
        return count;
    }

    static int indexOfNul(byte[] payload, int from) {
        for (int i = from; i < payload.length; i++) {
            if (payload[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    static String string(byte[] payload, int from, int to) {
        return new String(payload, from, to - from, StandardCharsets.ISO_8859_1);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** C {@code atoi}: leading blanks, an optional sign, digits; anything else stops; no digits is 0. */
    static int atoi(String s) {
        return (int) atol(s);
    }

    /** {@link #atoi} with 64 bits, for the INTRODUCE frame number ({@code strtoul} in C). */
    static long atol(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && (s.charAt(i) == ' ' || (s.charAt(i) >= '\t' && s.charAt(i) <= '\r'))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long value = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            value = value * 10 + (s.charAt(i) - '0');
            if (value > 0xFFFF_FFFF_FFFFL) {
                value = 0xFFFF_FFFF_FFFFL; // overflow is undefined in C; saturate instead of wrapping
            }
            i++;
        }
        return negative ? -value : value;
    }

    /** Concatenates NUL-terminated strings: {@code a\0b\0}. */
    static byte[] joined(List<String> items) {
        int len = 0;
        for (String s : items) {
            len += s.length() + 1;
        }
        byte[] out = new byte[len];
        int off = 0;
        for (String s : items) {
            for (int i = 0; i < s.length(); i++) {
                out[off++] = (byte) s.charAt(i);
            }
            out[off++] = 0;
        }
        return out;
    }
}
