package org.xenemu.selfballoon;

import org.xenemu.events.XenEvent;

/**
 * The selfballoon worker hit a divide error (a hysteresis stored as 0 by writing 2^32): in the
 * kernel the kworker oopses and the delayed work is not re-armed; here the worker stops the same
 * way until a switch is turned on again.
 */
public record SelfballoonOopsed(int domid, String reason) implements XenEvent {
}
