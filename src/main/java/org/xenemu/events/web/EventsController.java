package org.xenemu.events.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.xenemu.caller.Caller;
import org.xenemu.config.EventsProperties;
import org.xenemu.error.XenException;
import org.xenemu.events.EventBus;
import org.xenemu.events.EventEnvelope;
import org.xenemu.web.ApiErrors;
import org.xenemu.web.SseStream;

/** {@code /api/v1/events}: engine events, live as SSE or paged as JSON from the bounded history. */
@RestController
@RequestMapping("/api/v1/events")
@Tag(name = "events", description = "Engine events with sequence numbers")
@ApiErrors
@Validated
class EventsController {
    private final EventBus events;
    private final int streamQueue;

    EventsController(EventBus events, EventsProperties props) {
        this.events = events;
        this.streamQueue = props.streamQueue();
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A page of events with seq > after (dom0 only)")
    Page page(Caller caller,
              @RequestParam(defaultValue = "0") @Min(0) long after,
              @RequestParam(defaultValue = "100") @Min(1) @Max(10000) int limit) {
        verifyDom0(caller);
        EventBus.Page page = events.page(after, limit);
        List<EventEnvelope> list = page.events();
        long next = list.isEmpty() ? Math.max(after, page.oldestSeq() - 1) : list.get(list.size() - 1).seq();
        return new Page(list, page.oldestSeq(), page.lastSeq(), next);
    }

    @GetMapping(produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Live events as server-sent events (dom0 only)",
            description = "Each event's id is its seq; resume with Last-Event-ID or ?after=. "
                    + "A reader that falls more than the stream queue behind is disconnected.")
    SseEmitter stream(Caller caller,
                      @RequestParam(required = false) @Min(0) Long after,
                      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        verifyDom0(caller);
        long from = after != null ? after : parseLastEventId(lastEventId);
        SseStream stream = new SseStream(streamQueue);
        EventBus.Subscription subscription = events.subscribe(from, e -> stream.offer(toSse(e)));
        stream.onClose(subscription.cancel());
        for (EventEnvelope e : subscription.backlog()) {
            stream.offer(toSse(e));
        }
        return stream.emitter();
    }

    private static SseEmitter.SseEventBuilder toSse(EventEnvelope e) {
        return SseEmitter.event().id(Long.toString(e.seq())).name(e.type()).data(e, MediaType.APPLICATION_JSON);
    }

    private long parseLastEventId(String header) {
        if (header == null) {
            return events.lastSeq();
        }
        try {
            long seq = Long.parseLong(header.trim());
            if (seq < 0) {
                throw new NumberFormatException();
            }
            return seq;
        } catch (NumberFormatException e) {
            throw XenException.invalid("Last-Event-ID must be an event sequence number");
        }
    }

    private static void verifyDom0(Caller caller) {
        if (!caller.isDom0()) {
            throw XenException.accessDenied("engine events are the host's; only dom0 may read them");
        }
    }

    record Page(List<EventEnvelope> events, long oldestSeq, long lastSeq, long next) {
    }
}
