package org.xenemu.client.model;

/**
 * The body of {@code POST /host/reservations}: an amount, or a range the balancer prices
 * as a virtual domain. Null members are left out.
 *
 * @param kib    an exact amount
 * @param minKiB the least of a range
 * @param maxKiB the most of a range
 */
public record ReservationRequest(Long kib, Long minKiB, Long maxKiB) {
    /** Exactly this much. */
    public static ReservationRequest of(long kib) {
        return new ReservationRequest(kib, null, null);
    }

    /** What the policy gives, at least {@code minKiB}. */
    public static ReservationRequest range(long minKiB, long maxKiB) {
        return new ReservationRequest(null, minKiB, maxKiB);
    }
}
