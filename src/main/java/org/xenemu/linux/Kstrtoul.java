package org.xenemu.linux;

import org.xenemu.error.XenException;

/**
 * The kernel's {@code kstrtoul} / {@code kstrtoull} (lib/kstrtox.c) on a 64-bit machine: an
 * optional leading {@code +}, digits in {@code base} (0 = detect {@code 0x} hex / {@code 0} octal /
 * decimal; 16 also skips a {@code 0x} prefix), then at most one {@code \n} and nothing else.
 * No digits or trailing junk is EINVAL; a value above 2^64−1 is ERANGE (checked first, as the
 * kernel does). The result is an unsigned 64-bit value held in a {@code long}.
 */
public final class Kstrtoul {
    private Kstrtoul() {
    }

    public static long parse(String text, int base) {
        if (base != 0 && base != 8 && base != 10 && base != 16) {
            throw new IllegalArgumentException("unsupported base " + base);
        }
        int pos = 0;
        if (pos < text.length() && text.charAt(pos) == '+') {
            pos++;
        }
        Radix.Fixed radix = Radix.fixup(text, pos, base);
        Radix.Parsed parsed = Radix.parse(text, radix.start(), radix.base());
        if (parsed.overflow()) {
            throw XenException.outOfRange("numerical result out of range");
        }
        if (parsed.digits() == 0) {
            throw XenException.invalid("invalid number");
        }
        int end = parsed.end();
        if (end < text.length() && text.charAt(end) == '\n') {
            end++;
        }
        if (end != text.length()) {
            throw XenException.invalid("invalid number");
        }
        return parsed.value();
    }
}
