package org.xenemu.clock;

import org.xenemu.events.XenEvent;

/** The clock switched mode or speed. */
public record ClockModeChanged(String from, String to, double speed) implements XenEvent {
}
