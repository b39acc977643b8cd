package org.xenemu.clock;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.xenemu.caller.Caller;
import org.xenemu.error.XenException;
import org.xenemu.events.EventBus;

/**
 * The clock's door: the operations on time a user may ask for — read it (anyone), switch mode or
 * speed and advance manual time (dom0 only, EACCES otherwise, checked here).
 *
 * <p><b>Advancing in slices.</b> An advance does not hold the engine lock from start to end: it
 * moves time in slices — whole jiffies, ending at a jiffy's first nanosecond, each running every
 * task due up to its end — and lets go of the lock between slices, so that requests waiting for
 * it (a {@code GET /host}, a mem-set) are served, in the order they came (the lock is fair),
 * before the next slice. Such a request sees the host as it is at that slice's end: every task due
 * up to that jiffy done, none after it, never half a jiffy; what it changes takes effect at that
 * virtual time, and the advance goes on from there. A slice is sized to run about
 * {@value #SLICE_TASKS} tasks (halved after a busier slice, doubled after a quieter one, at most
 * {@value #MAX_SLICE_SECONDS} virtual seconds), so a request waits about as long as that many
 * engine steps take, however long the advance. Where a slice ends depends on how busy the engines
 * are, not on wall time, and when nobody else calls, slicing changes nothing: the same tasks run
 * in the same order with the clock at the same readings as in one piece. One advance or mode
 * change at a time: a second waits for the first to end.
 */
public final class ClockControl {
    /** Longest single advance: ten virtual years. Longer is surely a typo, and would overflow later sums. */
    public static final long MAX_ADVANCE_SECONDS = 10L * 365 * 24 * 3600;
    private static final String DOM0_ONLY = "only dom0 may change the clock";
    /** About this many tasks per slice of an advance. */
    static final int SLICE_TASKS = 1000;
    /** The longest slice, in virtual seconds, however quiet the engines. */
    static final int MAX_SLICE_SECONDS = 600;

    private final Scheduler scheduler;
    private final EventBus events;
    /** Held by a whole advance or mode change: they never interleave with each other. */
    private final ReentrantLock timeChange = new ReentrantLock(true);

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
        timeChange.lock();
        try {
            scheduler.locked(() -> {
                ClockMode previous = clock.reconfigure(mode, newSpeed);
                events.publish(new ClockModeChanged(previous.wireName(), mode.wireName(), newSpeed));
            });
        } finally {
            timeChange.unlock();
        }
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
        timeChange.lock();
        try {
            verifyManual();
            long target = Math.addExact(scheduler.clock().nanos(), nanos);
            advanceInSlices(scheduler.clock().nanosToJiffies(target), () -> scheduler.advanceNanos(target
                    - scheduler.clock().nanos()));
        } finally {
            timeChange.unlock();
        }
        return read();
    }

    public Reading advanceJiffies(Caller caller, long jiffies) {
        caller.verifyDom0(DOM0_ONLY);
        long max = MAX_ADVANCE_SECONDS * scheduler.clock().hz();
        if (jiffies < 0 || jiffies > max) {
            throw XenException.invalid("jiffies must be between 0 and " + max);
        }
        timeChange.lock();
        try {
            verifyManual();
            long target = Math.addExact(scheduler.clock().jiffies(), jiffies);
            advanceInSlices(target, () -> scheduler.advance(target - scheduler.clock().jiffies()));
        } finally {
            timeChange.unlock();
        }
        return read();
    }

    private void verifyManual() {
        if (scheduler.clock().mode() != ClockMode.MANUAL) {
            throw XenException.busy("the clock is in realtime mode; switch to manual to advance it");
        }
    }

    /**
     * Runs whole-jiffy slices while the end is more than a slice away, then {@code last}, which
     * takes the clock to the exact end. Manual mode is checked by every slice (EBUSY before the
     * first; no one can switch modes in between, {@link #timeChange} is held).
     */
    private void advanceInSlices(long targetJiffy, Runnable last) {
        VirtualClock clock = scheduler.clock();
        long maxSlice = Math.max(1, clock.secondsToJiffies(MAX_SLICE_SECONDS));
        long slice = Math.max(1, clock.hz() / 10);
        scheduler.announceAdvanceEnd(targetJiffy);
        try {
            while (targetJiffy - clock.jiffies() > slice) {
                long runsBefore = scheduler.taskRuns();
                scheduler.advance(slice);
                long ran = scheduler.taskRuns() - runsBefore;
                if (ran > SLICE_TASKS) {
                    slice = Math.max(1, slice / 2);
                } else if (ran < SLICE_TASKS / 2) {
                    slice = Math.min(maxSlice, slice * 2);
                }
            }
            last.run();
        } finally {
            scheduler.announceAdvanceEnd(-1);
        }
    }

    public record Reading(ClockMode mode, int hz, long jiffies, long uptimeNanos, double speed) {
    }
}
