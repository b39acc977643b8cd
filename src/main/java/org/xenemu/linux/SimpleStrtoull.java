package org.xenemu.linux;

/**
 * The kernel's {@code simple_strtoull} (lib/vsprintf.c): radix detection as {@link Kstrtoul}, then
 * as many digits as there are; no sign, no whitespace skipping, no error. Garbage is 0, an
 * overflow silently wraps modulo 2^64. {@link #end} tells where parsing stopped (the
 * {@code endp} of C), which {@link Memparse} needs.
 */
public final class SimpleStrtoull {
    private SimpleStrtoull() {
    }

    /** The unsigned 64-bit value (in a {@code long}). */
    public static long parse(String text, int base) {
        return parseWithEnd(text, base).value();
    }

    public static Result parseWithEnd(String text, int base) {
        Radix.Fixed radix = Radix.fixup(text, 0, base);
        Radix.Parsed parsed = Radix.parse(text, radix.start(), radix.base());
        return new Result(parsed.value(), parsed.end());
    }

    public record Result(long value, int end) {
    }
}
