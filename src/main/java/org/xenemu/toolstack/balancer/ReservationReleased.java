package org.xenemu.toolstack.balancer;

import org.xenemu.events.XenEvent;

/** A reservation was deleted; {@code kib} is what it held and gave back to the free pool. */
public record ReservationReleased(String id, String state, long kib) implements XenEvent {
}
