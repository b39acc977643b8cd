package org.xenemu.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A misbehaving guest's balloon driver, {@code PUT /domains/{domid}/balloon/fault} (planned;
 * docs/api.md "Planned", toolstack.md "Misbehaving guests"). Null members are left out.
 *
 * @param mode             {@code none}, {@code stuck} or {@code intermittent}
 * @param periodSeconds    intermittent: stuck for one period, working for the next
 * @param rateKiBPerSecond a finite ballooning rate
 * @param floorKiB         a hidden floor: the guest will not go below it
 * @param ceilingKiB       a hidden ceiling: the guest will not grow above it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BalloonFault(String mode, Long periodSeconds, Long rateKiBPerSecond, Long floorKiB, Long ceilingKiB) {
    /** A driver that does what it is told. */
    public static BalloonFault none() {
        return new BalloonFault("none", null, null, null, null);
    }

    /** A driver that ignores targets. */
    public static BalloonFault stuck() {
        return new BalloonFault("stuck", null, null, null, null);
    }

    /** Stuck for one period, working for the next. */
    public static BalloonFault intermittent(long periodSeconds) {
        return new BalloonFault("intermittent", periodSeconds, null, null, null);
    }

    public BalloonFault withRateKiBPerSecond(long rate) {
        return new BalloonFault(mode, periodSeconds, rate, floorKiB, ceilingKiB);
    }

    public BalloonFault withFloorKiB(long kib) {
        return new BalloonFault(mode, periodSeconds, rateKiBPerSecond, kib, ceilingKiB);
    }

    public BalloonFault withCeilingKiB(long kib) {
        return new BalloonFault(mode, periodSeconds, rateKiBPerSecond, floorKiB, kib);
    }
}
