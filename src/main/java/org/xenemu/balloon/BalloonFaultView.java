package org.xenemu.balloon;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/** A balloon fault as {@code GET /domains/{domid}/balloon} shows it under {@code fault} (unset members left out). */
public record BalloonFaultView(String mode, @Nullable BigDecimal periodSeconds, @Nullable Long rateKiBPerSecond,
                               @Nullable Long floorKiB, @Nullable Long ceilingKiB) {
    public static BalloonFaultView of(BalloonFault f) {
        return new BalloonFaultView(f.mode().wireName(),
                f.periodNanos().isPresent()
                        ? BigDecimal.valueOf(f.periodNanos().getAsLong()).movePointLeft(9).stripTrailingZeros() : null,
                f.rateKiBPerSecond().isPresent() ? f.rateKiBPerSecond().getAsLong() : null,
                f.floorKiB().isPresent() ? f.floorKiB().getAsLong() : null,
                f.ceilingKiB().isPresent() ? f.ceilingKiB().getAsLong() : null);
    }
}
