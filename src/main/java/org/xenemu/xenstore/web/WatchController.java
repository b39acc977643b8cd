package org.xenemu.xenstore.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.xenemu.caller.Caller;
import org.xenemu.web.ApiErrors;
import org.xenemu.web.SseEvent;
import org.xenemu.web.SseStream;
import org.xenemu.web.SseStreams;
import org.xenemu.xenstore.XsConnection;

/**
 * {@code /api/v1/xenstore/watch?path=P&token=T}: WATCH as server-sent events (xenstore.txt
 * "Watches"). Each stream is its own xenstore connection; the first event is the initial one,
 * closing the stream drops the watch. A reader that falls more than the stream queue behind is
 * disconnected (the store closes the connection when the stream refuses an event). The store's
 * delivering thread only queues the event: the stream's writers send it.
 */
@RestController
@RequestMapping("/api/v1/xenstore")
@Tag(name = "xenstore")
@ApiErrors
class WatchController {
    private final RestSessions sessions;
    private final SseStreams streams;
    private final int queue;

    WatchController(RestSessions sessions, SseStreams streams, WatchStreamSettings settings) {
        this.sessions = sessions;
        this.streams = streams;
        this.queue = settings.queue();
    }

    record WatchEvent(String path, String token) {
    }

    @GetMapping(value = "/watch", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "WATCH as text/event-stream: events named 'watch' with data {path, token}",
            description = "token defaults to the path (as xenstore-watch does). A relative path gives relative event paths. "
                    + "409 EEXIST never happens (each stream is a new connection); E2BIG past a guest's 128 watches.")
    void watch(Caller caller, @RequestParam String path, @RequestParam(required = false) @Nullable String token,
               HttpServletRequest request, HttpServletResponse response) throws IOException {
        RestSessions.verifyMayUseXenstore(caller);
        SseStream stream = streams.queued(queue);
        XsConnection connection = sessions.xenstore().connect(caller.domid(), caller.isDom0(),
                (p, t) -> stream.offer(SseEvent.of(null, "watch", new WatchEvent(p, t))));
        try {
            connection.watch(path, token == null ? path : token);
        } catch (RuntimeException e) {
            connection.close();
            stream.close();
            throw e;
        }
        stream.onClose(connection::close);
        streams.start(stream, request, response);
    }
}
