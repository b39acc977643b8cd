package org.xenemu.clock;

import org.xenemu.events.TimeSource;

/**
 * Virtual time: jiffies at {@code hz} plus nanoseconds interpolated between ticks, in the manner of
 * the kernel's time interpolators (seed {@code 004}): the tick count is the coarse clock, the
 * nanosecond reading refines it between ticks and never runs backwards.
 *
 * <p>Time is kept as nanoseconds since boot; a jiffy begins at {@code ceil(j * 1e9 / hz)} ns. In
 * {@link ClockMode#MANUAL} mode time moves only through {@link #moveTo(long)} (driven by the
 * {@link Scheduler}); in {@link ClockMode#REALTIME} mode it follows the {@link WallClock} times
 * {@code speed}. Switching modes or speed re-anchors at the current reading, so time is monotonic.
 */
public final class VirtualClock implements TimeSource {
    public static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final int hz;
    private final WallClock wall;
    private volatile ClockMode mode;
    private volatile double speed;
    private long anchorNanos;
    private long anchorWall;
    /** The latest reading; volatile so manual-mode reads need no monitor (the scheduler's hot path). */
    private volatile long lastNanos;

    public VirtualClock(int hz, ClockMode mode, double speed, WallClock wall) {
        if (hz < 1 || hz > 10_000) {
            throw new IllegalArgumentException("hz must be 1..10000: " + hz);
        }
        verifySpeed(speed);
        this.hz = hz;
        this.wall = wall;
        this.mode = mode;
        this.speed = speed;
        this.anchorWall = wall.nanoTime();
    }

    public static void verifySpeed(double speed) {
        if (!(speed > 0) || speed > 1_000_000 || Double.isNaN(speed)) {
            throw new IllegalArgumentException("speed must be > 0 and <= 1000000: " + speed);
        }
    }

    public int hz() {
        return hz;
    }

    public ClockMode mode() {
        return mode;
    }

    public double speed() {
        return speed;
    }

    /** Nanoseconds since boot; monotonic across modes. */
    @Override
    public long nanos() {
        if (mode == ClockMode.MANUAL) {
            return lastNanos;
        }
        return realtimeNanos();
    }

    private synchronized long realtimeNanos() {
        if (mode == ClockMode.REALTIME) {
            long elapsedWall = wall.nanoTime() - anchorWall;
            long now = anchorNanos + (long) (elapsedWall * speed);
            if (now > lastNanos) {
                lastNanos = now;
            }
        }
        return lastNanos;
    }

    public long jiffies() {
        return nanosToJiffies(nanos());
    }

    /** Changes mode and/or speed, keeping the current reading (no jump, no step back). */
    public synchronized ClockMode reconfigure(ClockMode newMode, double newSpeed) {
        verifySpeed(newSpeed);
        long now = nanos();
        ClockMode previous = mode;
        anchorNanos = now;
        anchorWall = wall.nanoTime();
        mode = newMode;
        speed = newSpeed;
        return previous;
    }

    /**
     * Moves manual time forward to {@code targetNanos}; earlier targets are ignored so that time
     * never runs backwards. Only the scheduler calls this, while it holds the engine lock.
     */
    void moveTo(long targetNanos) {
        if (targetNanos > lastNanos) {
            moveForward(targetNanos);
        }
    }

    private synchronized void moveForward(long targetNanos) {
        if (mode != ClockMode.MANUAL) {
            throw new IllegalStateException("moveTo in realtime mode");
        }
        if (targetNanos > lastNanos) {
            lastNanos = targetNanos;
            anchorNanos = targetNanos;
        }
    }

    /** Wall nanoseconds until virtual time reaches {@code targetNanos} at the current speed. */
    synchronized long wallNanosUntil(long targetNanos) {
        long delta = targetNanos - nanos();
        if (delta <= 0) {
            return 0;
        }
        double wallNanos = delta / speed;
        return wallNanos > Long.MAX_VALUE / 2 ? Long.MAX_VALUE / 2 : (long) Math.ceil(wallNanos);
    }

    @Override
    public long nanosToJiffies(long nanos) {
        return (nanos / NANOS_PER_SECOND) * hz + (nanos % NANOS_PER_SECOND) * hz / NANOS_PER_SECOND;
    }

    /** The first nanosecond of jiffy {@code jiffy}. */
    public long jiffyStartNanos(long jiffy) {
        long whole = jiffy / hz;
        long part = jiffy % hz;
        return whole * NANOS_PER_SECOND + (part * NANOS_PER_SECOND + hz - 1) / hz;
    }

    public long secondsToJiffies(long seconds) {
        return Math.multiplyExact(seconds, (long) hz);
    }

    /**
     * Restore: the clock reads {@code nanos} (which may be before the current reading: the host goes
     * back to the snapshot's instant) and is in manual mode. Only the restore calls this, under the
     * engine lock.
     */
    public synchronized void restore(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("negative uptime: " + nanos);
        }
        mode = ClockMode.MANUAL;
        lastNanos = nanos;
        anchorNanos = nanos;
        anchorWall = wall.nanoTime();
    }
}
