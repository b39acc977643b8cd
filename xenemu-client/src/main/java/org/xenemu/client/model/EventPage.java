package org.xenemu.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A page of the event history ({@code GET /events?after=&limit=}).
 *
 * @param events    events with {@code seq > after}, oldest first
 * @param oldestSeq the oldest event the history holds
 * @param lastSeq   the newest event published
 * @param next      where to continue: pass it as the next {@code after}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EventPage(List<Event> events, long oldestSeq, long lastSeq, long next) {
    public EventPage {
        events = events == null ? List.of() : List.copyOf(events);
    }
}
