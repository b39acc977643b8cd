package org.xenemu.events;

/** An event as published: its sequence number, the virtual time it happened at, and its payload. */
public record EventEnvelope(long seq, String type, long jiffies, long uptimeNanos, XenEvent data) {
}
