package org.xenemu.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * A misbehaving guest's balloon driver, {@code PUT /domains/{domid}/balloon/fault} and the
 * {@code fault} member of {@code GET /domains/{domid}/balloon} (docs/toolstack.md "Misbehaving
 * guests"). Null members are left out.
 *
 * @param mode             {@code none}, {@code stuck} or {@code intermittent}
 * @param periodSeconds    intermittent only (and required there): stuck for one period, working for
 *                         the next; virtual seconds, fractions allowed
 * @param rateKiBPerSecond a finite ballooning rate (not with {@code stuck})
 * @param floorKiB         a hidden floor: the guest will not go below it
 * @param ceilingKiB       a hidden ceiling: the guest will not grow above it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BalloonFault(String mode, BigDecimal periodSeconds, Long rateKiBPerSecond, Long floorKiB,
                           Long ceilingKiB) {
    /** A driver that does what it is told ({@code {"mode":"none"}} heals a faulty one). */
    public static BalloonFault none() {
        return new BalloonFault("none", null, null, null, null);
    }

    /** A driver that ignores targets. */
    public static BalloonFault stuck() {
        return new BalloonFault("stuck", null, null, null, null);
    }

    /** Stuck for one period, working for the next. */
    public static BalloonFault intermittent(long periodSeconds) {
        return new BalloonFault("intermittent", BigDecimal.valueOf(periodSeconds), null, null, null);
    }

    /** Stuck for one period, working for the next (to the nanosecond). */
    public static BalloonFault intermittent(Duration period) {
        BigDecimal seconds = BigDecimal.valueOf(period.getSeconds())
                .add(BigDecimal.valueOf(period.getNano(), 9)).stripTrailingZeros();
        return new BalloonFault("intermittent", seconds.scale() < 0 ? seconds.setScale(0) : seconds, null, null,
                null);
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
