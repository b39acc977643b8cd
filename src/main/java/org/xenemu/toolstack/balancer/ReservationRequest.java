package org.xenemu.toolstack.balancer;

import java.util.OptionalLong;
import org.xenemu.error.XenException;

/**
 * {@code POST /host/reservations}: {@code kib}, or a range {@code minKiB..maxKiB} (squeezed's
 * {@code reserve_memory} and {@code reserve_memory_range}). EINVAL for both or neither, a negative
 * amount (squeezed's {@code Invalid_memory_value}), an amount above 2^40 KiB, or min above max
 * (squeezed would answer min; a client asking so has a bug).
 */
public record ReservationRequest(OptionalLong kib, OptionalLong minKiB, OptionalLong maxKiB) {
    public static final long MAX_KIB = 1L << 40;

    public ReservationRequest {
        boolean range = minKiB.isPresent() || maxKiB.isPresent();
        if (kib.isPresent() == range || minKiB.isPresent() != maxKiB.isPresent()) {
            throw XenException.invalid("give kib, or both minKiB and maxKiB");
        }
        for (OptionalLong v : new OptionalLong[] {kib, minKiB, maxKiB}) {
            if (v.isPresent() && (v.getAsLong() < 0 || v.getAsLong() > MAX_KIB)) {
                throw XenException.invalid("a reservation must be 0..2^40 KiB");
            }
        }
        if (range && minKiB.getAsLong() > maxKiB.getAsLong()) {
            throw XenException.invalid("minKiB must not be above maxKiB");
        }
    }

    public static ReservationRequest of(long kib) {
        return new ReservationRequest(OptionalLong.of(kib), OptionalLong.empty(), OptionalLong.empty());
    }

    public static ReservationRequest range(long minKiB, long maxKiB) {
        return new ReservationRequest(OptionalLong.empty(), OptionalLong.of(minKiB), OptionalLong.of(maxKiB));
    }

    public boolean isRange() {
        return kib.isEmpty();
    }

    /** What must be had at least: kib, or min. */
    public long leastKiB() {
        return kib.isPresent() ? kib.getAsLong() : minKiB.getAsLong();
    }

    /** What is wanted at most: kib, or max. */
    public long mostKiB() {
        return kib.isPresent() ? kib.getAsLong() : maxKiB.getAsLong();
    }
}
