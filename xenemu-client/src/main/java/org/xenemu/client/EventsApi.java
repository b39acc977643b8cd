package org.xenemu.client;

import java.util.Optional;
import org.xenemu.client.model.Event;
import org.xenemu.client.model.EventPage;

/**
 * {@code /api/v1/events}: engine events (docs/api.md "Events"), dom0's. A page of the bounded
 * history, or a live stream whose backlog comes first.
 */
public final class EventsApi {
    private final Http http;

    EventsApi(Http http) {
        this.http = http;
    }

    /** Events with {@code seq > after}, at most {@code limit} (1–10000), oldest first. */
    public EventPage page(long after, int limit) {
        return http.readJson(http.get(Http.API + "/events?after=" + after + "&limit=" + limit), EventPage.class);
    }

    /** The oldest {@code limit} events the history holds. */
    public EventPage oldest(int limit) {
        return http.readJson(http.get(Http.API + "/events?limit=" + limit), EventPage.class);
    }

    /** A live stream of the events published from now on. */
    public XenemuStream<Event> stream() {
        return http.openStream(http.get(Http.API + "/events"), EventsApi::event);
    }

    /** A live stream starting after event {@code seq}: the backlog the history holds, then live events. */
    public XenemuStream<Event> streamAfter(long seq) {
        return http.openStream(http.get(Http.API + "/events?after=" + seq), EventsApi::event);
    }

    static Optional<Event> event(SseEvent e) {
        return Optional.of(Http.parse(e.data().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Http.MAPPER.constructType(Event.class)));
    }
}
