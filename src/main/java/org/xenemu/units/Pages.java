package org.xenemu.units;

/**
 * The one place where pages, KiB and bytes are converted (docs/memory.md "Host": every count is
 * in 4 KiB pages, every figure shown is in KiB). Conversions to a smaller unit wrap in 64 bits
 * exactly as the kernel's {@code unsigned long} shifts do; conversions to pages truncate. Two
 * flavours of truncation exist because the code they replace has both: {@link #fromKiB(long)} is
 * Java's division (towards zero, for signed sizes that are never negative in practice) and
 * {@link #fromKiBUnsigned(long)} is the kernel's logical shift of an unsigned value (a KiB figure
 * above 2^63 read from xenstore or a sysctl must not turn negative).
 *
 * <p>Examples: {@code toKiB(3) = 12}; {@code fromKiB(4095) = 1023}; {@code fromKiBRoundingUp(4093)
 * = 1024} (the kernel's {@code PAGE_ALIGN} of a length); {@code fromKiBUnsigned(-4) = 2^62 − 1};
 * {@code toBytes(1) = 4096}.
 */
public final class Pages {
    /** 4 KiB pages: x86-64's {@code PAGE_SIZE}. */
    public static final long KIB_PER_PAGE = 4;
    public static final long BYTES_PER_PAGE = 4096;
    /** {@code PAGE_SHIFT}. */
    public static final int PAGE_SHIFT = 12;

    private Pages() {
    }

    /** Pages → KiB ({@code pages << 2}, wrapping as the kernel's unsigned arithmetic). */
    public static long toKiB(long pages) {
        return pages << 2;
    }

    /** KiB → whole pages, truncating towards zero. */
    public static long fromKiB(long kib) {
        return kib / KIB_PER_PAGE;
    }

    /** KiB → whole pages of an unsigned 64-bit value ({@code kib >> 2} on an {@code unsigned long}). */
    public static long fromKiBUnsigned(long kib) {
        return kib >>> 2;
    }

    /** KiB → pages, rounding a partial page up ({@code PAGE_ALIGN} of a length given in KiB). */
    public static long fromKiBRoundingUp(long kib) {
        return (kib + KIB_PER_PAGE - 1) / KIB_PER_PAGE;
    }

    /** Pages → bytes ({@code pages << PAGE_SHIFT}, wrapping). */
    public static long toBytes(long pages) {
        return pages << PAGE_SHIFT;
    }

    /** Bytes → whole pages, truncating towards zero. */
    public static long fromBytes(long bytes) {
        return bytes / BYTES_PER_PAGE;
    }

    /** Bytes → whole pages of an unsigned 64-bit value ({@code bytes >> PAGE_SHIFT}). */
    public static long fromBytesUnsigned(long bytes) {
        return bytes >>> PAGE_SHIFT;
    }

    /** KiB → bytes ({@code kib << 10}, wrapping). */
    public static long kibToBytes(long kib) {
        return kib << 10;
    }
}
