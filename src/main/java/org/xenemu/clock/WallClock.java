package org.xenemu.clock;

/**
 * The only source of wall time in xenemu, read by the virtual clock in realtime mode and nowhere
 * else. Tests substitute a fake to make realtime mode deterministic.
 */
@FunctionalInterface
public interface WallClock {
    /** Monotonic nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    WallClock SYSTEM = System::nanoTime;
}
