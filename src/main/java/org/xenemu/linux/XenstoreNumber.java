package org.xenemu.linux;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * {@code xenbus_scanf(..., "%llu", ...)} on a node value: leading white space, then at least one
 * decimal digit (no sign), digits wrap modulo 2^64 like the kernel's {@code simple_strntoull};
 * anything after the digits is ignored. No digit → empty (the caller ignores the event).
 */
public final class XenstoreNumber {
    private XenstoreNumber() {
    }

    public static OptionalLong parseUnsigned(byte[] raw) {
        String s = new String(raw, StandardCharsets.ISO_8859_1);
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        if (i >= s.length() || s.charAt(i) < '0' || s.charAt(i) > '9') {
            return OptionalLong.empty();
        }
        long value = 0;
        for (; i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9'; i++) {
            value = value * 10 + (s.charAt(i) - '0');
        }
        return OptionalLong.of(value);
    }
}
