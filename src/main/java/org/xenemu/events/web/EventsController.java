package org.xenemu.events.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.xenemu.caller.Caller;
import org.xenemu.error.XenException;
import org.xenemu.events.EventBus;
import org.xenemu.events.EventEnvelope;
import org.xenemu.web.ApiErrors;
import org.xenemu.web.Decimals;
import org.xenemu.web.SseStream;
import org.xenemu.web.SseStreams;

/** {@code /api/v1/events}: engine events, live as SSE or paged as JSON from the bounded history. */
@RestController
@RequestMapping("/api/v1/events")
@Tag(name = "events", description = "Engine events with sequence numbers")
@ApiErrors
@Validated
class EventsController {
    private final EventBus events;
    private final SseStreams streams;
    private final EventFeed feed;

    EventsController(EventBus events, SseStreams streams, EventFeed feed) {
        this.events = events;
        this.streams = streams;
        this.feed = feed;
    }

    /*
     * docs/api.md "Events": the plain GET is the stream; ?after=&limit= is a JSON page. So a request with either
     * parameter and an Accept that allows JSON gets a page (params outrank produces in Spring's
     * matching), one without parameters gets the stream whatever it accepts (plain curl sends
     * Accept: *\/*), and Accept: text/event-stream always streams, resuming after ?after=.
     */
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE, params = "after")
    @Operation(summary = "A page of events with seq > after (dom0 only)")
    Page page(Caller caller,
              @RequestParam @Min(0) long after,
              @RequestParam(defaultValue = "100") @Min(1) @Max(10000) int limit) {
        verifyDom0(caller);
        EventBus.Page page = events.page(after, limit);
        List<EventEnvelope> list = page.events();
        long next = list.isEmpty() ? Math.max(after, page.oldestSeq() - 1) : list.get(list.size() - 1).seq();
        return new Page(list, page.oldestSeq(), page.lastSeq(), next);
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE, params = {"limit", "!after"})
    @Operation(summary = "A page of the oldest events the history holds (dom0 only)")
    Page pageFromStart(Caller caller, @RequestParam @Min(1) @Max(10000) int limit) {
        return page(caller, 0, limit);
    }

    @GetMapping(produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Live events as server-sent events (dom0 only)",
            description = "Each event's id is its seq; resume with Last-Event-ID or ?after=. "
                    + "A reader that falls more than the stream queue behind is disconnected.")
    void stream(Caller caller,
                @RequestParam(required = false) @Min(0) @Nullable Long after,
                @RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventId,
                HttpServletRequest request, HttpServletResponse response) throws IOException {
        verifyDom0(caller);
        // A reconnecting EventSource repeats the URL it started with (?after=0) and adds
        // Last-Event-ID: the header says where it really is, so it wins over the parameter.
        long from = lastEventId != null ? parseLastEventId(lastEventId) : after != null ? after : feed.lastSeq();
        SseStream stream = feed.follow(from);
        // A comment first, so the status line and headers reach the client at once, not with the
        // first event (which, on a quiet host, may be minutes away).
        stream.comment("stream open");
        streams.start(stream, request, response);
    }

    private static long parseLastEventId(String header) {
        return Decimals.unsigned(header, Long.MAX_VALUE).orElseThrow(
                () -> XenException.invalid("Last-Event-ID must be an event sequence number"));
    }

    /** The bus has no caller of its own (engines publish to it): its one reader door checks here. */
    private static void verifyDom0(Caller caller) {
        caller.verifyDom0("engine events are the host's; only dom0 may read them");
    }

    record Page(List<EventEnvelope> events, long oldestSeq, long lastSeq, long next) {
    }
}
