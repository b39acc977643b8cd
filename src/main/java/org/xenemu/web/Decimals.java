package org.xenemu.web;

import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The one spelling of a number the API reads from a path, a query or a header: plain decimal
 * digits, no sign, no leading zero, no space ({@code 7}, never {@code 07}, {@code +7}, {@code 7 }),
 * so that one domain, transaction or event has exactly one name.
 */
public final class Decimals {
    private static final Pattern CANONICAL = Pattern.compile("0|[1-9][0-9]{0,18}");

    private Decimals() {
    }

    /** The value of {@code text} if it is spelled canonically and is at most {@code max}. */
    public static OptionalLong unsigned(String text, long max) {
        if (!CANONICAL.matcher(text).matches()) {
            return OptionalLong.empty();
        }
        try {
            long value = Long.parseLong(text);
            return value <= max ? OptionalLong.of(value) : OptionalLong.empty();
        } catch (NumberFormatException tooLarge) {
            return OptionalLong.empty();
        }
    }
}
