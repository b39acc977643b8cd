package org.xenemu.linux;

/**
 * The two helpers lib/kstrtox.c shares between {@code kstrto*} and {@code simple_strto*}:
 * radix detection ({@code _parse_integer_fixup_radix}) and the digit loop ({@code _parse_integer}),
 * which keeps going past an overflow (the wrapped value is what {@code simple_strtoull} returns)
 * but remembers that it happened.
 */
final class Radix {
    private Radix() {
    }

    record Fixed(int start, int base) {
    }

    record Parsed(long value, int digits, int end, boolean overflow) {
    }

    static Fixed fixup(String s, int pos, int base) {
        int b = base;
        if (b == 0) {
            if (charAt(s, pos) == '0') {
                b = Character.toLowerCase(charAt(s, pos + 1)) == 'x' && isHex(charAt(s, pos + 2)) ? 16 : 8;
            } else {
                b = 10;
            }
        }
        if (b == 16 && charAt(s, pos) == '0' && Character.toLowerCase(charAt(s, pos + 1)) == 'x') {
            pos += 2;
        }
        return new Fixed(pos, b);
    }

    static Parsed parse(String s, int pos, int base) {
        long value = 0;
        boolean overflow = false;
        int i = pos;
        for (; i < s.length(); i++) {
            int digit = digit(s.charAt(i));
            if (digit < 0 || digit >= base) {
                break;
            }
            // value * base + digit > 2^64 - 1 ?
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L - digit, base)) > 0) {
                overflow = true;
            }
            value = value * base + digit;
        }
        return new Parsed(value, i - pos, i, overflow);
    }

    static char charAt(String s, int i) {
        return i < s.length() ? s.charAt(i) : '\0';
    }

    private static boolean isHex(char c) {
        return digit(c) >= 0 && digit(c) < 16;
    }

    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        char lower = Character.toLowerCase(c);
        if (lower >= 'a' && lower <= 'f') {
            return lower - 'a' + 10;
        }
        return -1;
    }
}
