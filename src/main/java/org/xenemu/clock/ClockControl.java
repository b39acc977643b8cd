package org.xenemu.clock;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.xenemu.caller.Caller;
import org.xenemu.error.XenException;
import org.xenemu.events.EventBus;

/**
 * The clock's door: the operations on time a user may ask for — read it (anyone), switch mode or
 * speed and advance manual time (dom0 only, EACCES otherwise, checked here).
 */
public final class ClockControl {
    /** Longest single advance: ten virtual years. Longer is surely a typo, and would overflow later sums. */
    public static final long MAX_ADVANCE_SECONDS = 10L * 365 * 24 * 3600;
    private static final String DOM0_ONLY = "only dom0 may change the clock";

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
    public Reading reconfigure(Caller caller, ClockMode mode, @Nullable Double speed) {
        caller.verifyDom0(DOM0_ONLY);
        VirtualClock clock = scheduler.clock();
        double newSpeed = speed == null ? clock.speed() : speed;
        try {
            VirtualClock.verifySpeed(newSpeed);
        } catch (IllegalArgumentException e) {
            throw XenException.invalid(Objects.requireNonNullElse(e.getMessage(), "invalid speed"));
        }
        scheduler.locked(() -> {
            ClockMode previous = clock.reconfigure(mode, newSpeed);
            events.publish(new ClockModeChanged(previous.wireName(), mode.wireName(), newSpeed));
        });
        scheduler.signalChange();
        return read();
    }

    /**
     * Manual mode: moves time by exactly one of {@code seconds} or {@code jiffies}, running every
     * engine step due on the way; EINVAL for both or neither, EBUSY in realtime mode.
     */
    public Reading advance(Caller caller, @Nullable BigDecimal seconds, @Nullable Long jiffies) {
        caller.verifyDom0(DOM0_ONLY);
        if ((seconds == null) == (jiffies == null)) {
            // a rule over two fields: no single field to name
            throw XenException.invalid("give exactly one of seconds or jiffies");
        }
        return seconds != null ? advanceSeconds(caller, seconds) : advanceJiffies(caller, jiffies);
    }

    public Reading advanceSeconds(Caller caller, BigDecimal seconds) {
        caller.verifyDom0(DOM0_ONLY);
        if (seconds.signum() < 0 || seconds.compareTo(BigDecimal.valueOf(MAX_ADVANCE_SECONDS)) > 0) {
            throw XenException.invalid("seconds must be between 0 and " + MAX_ADVANCE_SECONDS);
        }
        long nanos = seconds.movePointRight(9).setScale(0, RoundingMode.DOWN).longValueExact();
        scheduler.advanceNanos(nanos);
        return read();
    }

    public Reading advanceJiffies(Caller caller, long jiffies) {
        caller.verifyDom0(DOM0_ONLY);
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
