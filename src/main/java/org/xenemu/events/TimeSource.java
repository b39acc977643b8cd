package org.xenemu.events;

/**
 * The time events are stamped with: uptime in nanoseconds and the jiffy it falls in. The virtual
 * clock implements it; the bus knows only this, so that events need nothing of the clock's
 * package (the clock publishes {@code ClockModeChanged} through the bus).
 */
public interface TimeSource {
    /** Nanoseconds since boot; never runs backwards. */
    long nanos();

    /** The jiffy a reading of {@link #nanos()} falls in. */
    long nanosToJiffies(long nanos);
}
