package org.xenemu.linux;

/**
 * The kernel's {@code memparse} (lib/cmdline.c, v6.1): a base-0 {@code simple_strtoull} followed
 * by an optional suffix K, M, G, T, P or E (either case), each a further shift by 10.
 * Never fails; overflow wraps modulo 2^64 as the C shifts do.
 */
public final class Memparse {
    private Memparse() {
    }

    public static long parse(String text) {
        SimpleStrtoull.Result number = SimpleStrtoull.parseWithEnd(text, 0);
        int shift = switch (Character.toUpperCase(Radix.charAt(text, number.end()))) {
            case 'E' -> 60;
            case 'P' -> 50;
            case 'T' -> 40;
            case 'G' -> 30;
            case 'M' -> 20;
            case 'K' -> 10;
            default -> 0;
        };
        return number.value() << shift;
    }
}
