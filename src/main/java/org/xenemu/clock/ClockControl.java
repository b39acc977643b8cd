package org.xenemu.clock;

import java.math.BigDecimal;
import org.xenemu.error.XenException;
import org.xenemu.events.EventBus;

/** The operations on time a user may ask for: read it, switch mode or speed, advance manual time. */
public final class ClockControl {
    /** Longest single advance: ten virtual years. Longer is surely a typo, and would overflow later sums. */
    public static final long MAX_ADVANCE_SECONDS = 10L * 365 * 24 * 3600;

    private final Scheduler scheduler;
    private final EventBus events;

    public ClockControl(Scheduler scheduler, EventBus events) {
        this.scheduler = scheduler;
        this.events = events;
    }

    public VirtualClock clock() {
        return scheduler.clock();
    }

    public Reading read() {
        VirtualClock clock = scheduler.clock();
        long nanos = clock.nanos();
        return new Reading(clock.mode(), clock.hz(), clock.nanosToJiffies(nanos), nanos, clock.speed());
    }

    /** Switches mode and/or speed (null keeps the current speed); emits {@link ClockModeChanged}. */
    public Reading reconfigure(ClockMode mode, Double speed) {
        VirtualClock clock = scheduler.clock();
        double newSpeed = speed == null ? clock.speed() : speed;
        try {
            VirtualClock.verifySpeed(newSpeed);
        } catch (IllegalArgumentException e) {
            throw XenException.invalid(e.getMessage());
        }
        scheduler.locked(() -> {
            ClockMode previous = clock.reconfigure(mode, newSpeed);
            events.publish(new ClockModeChanged(previous.wireName(), mode.wireName(), newSpeed));
        });
        scheduler.signalChange();
        return read();
    }

    public Reading advanceSeconds(BigDecimal seconds) {
        if (seconds.signum() < 0 || seconds.compareTo(BigDecimal.valueOf(MAX_ADVANCE_SECONDS)) > 0) {
            throw XenException.invalid("seconds must be between 0 and " + MAX_ADVANCE_SECONDS);
        }
        long nanos = seconds.movePointRight(9).setScale(0, java.math.RoundingMode.DOWN).longValueExact();
        scheduler.advanceNanos(nanos);
        return read();
    }

    public Reading advanceJiffies(long jiffies) {
        long max = MAX_ADVANCE_SECONDS * scheduler.clock().hz();
        if (jiffies < 0 || jiffies > max) {
            throw XenException.invalid("jiffies must be between 0 and " + max);
        }
        scheduler.advance(jiffies);
        return read();
    }

    public record Reading(ClockMode mode, int hz, long jiffies, long uptimeNanos, double speed) {
    }
}
