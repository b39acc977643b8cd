package org.xenemu.events.web;

import org.springframework.modulith.NamedInterface;
import org.xenemu.events.EventBus;
import org.xenemu.events.EventEnvelope;
import org.xenemu.web.SseEvent;
import org.xenemu.web.SseRing;
import org.xenemu.web.SseStream;
import org.xenemu.web.SseStreams;

/**
 * The engine events as one shared stream source: the bus's only web subscriber. For every event
 * it stores one {@link SseEvent} in a ring — O(1) on the engine's thread, however many
 * {@code /events} streams are open and whatever their readers do — and the streams' writers copy
 * from the ring, each stream at its own pace. The ring holds the bus's history plus
 * {@code streamQueue} events, so a stream that asked for the whole history may still fall
 * {@code streamQueue} live events behind before it is closed (docs/api.md "Clock and events").
 */
@NamedInterface("streams")
public final class EventFeed {
    private final SseRing ring;
    private final int history;

    public EventFeed(EventBus events, SseStreams streams, EventStreamSettings settings) {
        this.history = events.historySize();
        this.ring = streams.ring(history + settings.streamQueue());
        events.subscribe(0, e -> ring.publish(e.seq(), toSse(e)));
    }

    /** A stream of the events after {@code after} (at most the history's worth of backlog), then the live ones. */
    SseStream follow(long after) {
        return ring.follow(after, history);
    }

    /** The last event the feed has seen (and the bus published). */
    long lastSeq() {
        return ring.head();
    }

    private static SseEvent toSse(EventEnvelope e) {
        return SseEvent.of(Long.toString(e.seq()), e.type(), e);
    }
}
