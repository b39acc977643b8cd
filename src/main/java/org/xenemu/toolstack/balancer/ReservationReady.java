package org.xenemu.toolstack.balancer;

import org.xenemu.events.XenEvent;

/** A reservation holds its memory ({@code kib}, out of everyone else's reach) until a domain is built from it. */
public record ReservationReady(String id, long kib) implements XenEvent {
}
