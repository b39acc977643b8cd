package org.xenemu.events.web;

import org.springframework.modulith.NamedInterface;

/**
 * How far a live event stream's reader may fall behind before it is disconnected: {@code streamQueue}
 * live events beyond the backlog it asked for (docs/api.md "Events").
 */
@NamedInterface("streams")
public record EventStreamSettings(int streamQueue) {
}
