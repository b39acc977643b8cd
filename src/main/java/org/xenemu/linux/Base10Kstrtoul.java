package org.xenemu.linux;

import org.xenemu.linux.Kstrtoul;

/**
 * What every selfballoon store calls: {@code kstrtoul(buf, 10, &val)} (seed 002) on the C string
 * sysfs hands it — so the text ends at the first NUL byte, as it would for the kernel — parsed by
 * the shared {@link Kstrtoul}: optional {@code '+'}, decimal digits only ({@code "0x10"} fails on
 * the {@code 'x'}), at most one trailing {@code '\n'}; EINVAL for junk, ERANGE above 2^64 − 1
 * (checked before trailing junk). The result is the unsigned 64-bit value in a {@code long}'s bits.
 */
public final class Base10Kstrtoul {
    private Base10Kstrtoul() {
    }

    public static long parse(String text) {
        int nul = text.indexOf('\0');
        return Kstrtoul.parse(nul < 0 ? text : text.substring(0, nul), 10);
    }
}
