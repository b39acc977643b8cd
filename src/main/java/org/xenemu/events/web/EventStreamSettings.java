package org.xenemu.events.web;

/**
 * How far a live event stream's reader may fall behind before it is disconnected: {@code streamQueue}
 * live events beyond the backlog it asked for (docs/api.md "Events").
 */
public record EventStreamSettings(int streamQueue) {
}
