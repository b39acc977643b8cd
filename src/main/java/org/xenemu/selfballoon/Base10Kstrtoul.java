package org.xenemu.selfballoon;

import org.xenemu.error.XenException;

/**
 * The kernel's {@code kstrtoul(buf, 10, &val)} on a 64-bit kernel (lib/kstrtox.c), as every
 * selfballoon store calls it (seed 002). Facts it reproduces:
 * <ul>
 * <li>one optional leading {@code '+'}; no sign {@code '-'}, no whitespace, no {@code 0x} prefix
 *     (base 10 is fixed, so {@code "0x10"} parses {@code 0} and then fails on {@code 'x'});</li>
 * <li>at least one digit, else EINVAL;</li>
 * <li>a value above 2^64 − 1 is ERANGE — checked before the rest of the string, so
 *     {@code "99999999999999999999x"} is ERANGE, not EINVAL;</li>
 * <li>one trailing {@code '\n'} is accepted; anything after it (or any other trailing byte) is
 *     EINVAL; a NUL byte ends the string as it does for the C buffer sysfs hands the store.</li>
 * </ul>
 * The result is the unsigned 64-bit value in a {@code long}'s bits.
 */
final class Base10Kstrtoul {
    private Base10Kstrtoul() {
    }

    static long parse(String text) {
        int end = text.indexOf('\0');
        if (end < 0) {
            end = text.length();
        }
        int i = 0;
        if (i < end && text.charAt(i) == '+') {
            i++;
        }
        long value = 0;
        boolean overflow = false;
        int digits = 0;
        for (; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            int digit = c - '0';
            // value * 10 + digit > 2^64 - 1 ?
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L - digit, 10)) > 0) {
                overflow = true;
            }
            value = value * 10 + digit;
            digits++;
        }
        if (overflow) {
            throw XenException.outOfRange("number does not fit in unsigned long");
        }
        if (digits == 0) {
            throw XenException.invalid("not a base-10 number");
        }
        if (i < end && text.charAt(i) == '\n') {
            i++;
        }
        if (i < end) {
            throw XenException.invalid("trailing characters after the number");
        }
        return value;
    }
}
