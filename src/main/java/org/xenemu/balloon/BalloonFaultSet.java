package org.xenemu.balloon;

import org.jspecify.annotations.Nullable;
import org.xenemu.events.XenEvent;

/** The operator made a domain's balloon driver misbehave (or behave again: mode {@code none}, no limits). */
public record BalloonFaultSet(int domid, String mode, @Nullable Long periodNanos, @Nullable Long rateKiBPerSecond,
                              @Nullable Long floorKiB, @Nullable Long ceilingKiB) implements XenEvent {
    static BalloonFaultSet of(int domid, BalloonFault f) {
        return new BalloonFaultSet(domid, f.mode().wireName(),
                f.periodNanos().isPresent() ? f.periodNanos().getAsLong() : null,
                f.rateKiBPerSecond().isPresent() ? f.rateKiBPerSecond().getAsLong() : null,
                f.floorKiB().isPresent() ? f.floorKiB().getAsLong() : null,
                f.ceilingKiB().isPresent() ? f.ceilingKiB().getAsLong() : null);
    }
}
