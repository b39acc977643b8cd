package org.xenemu.web;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.TaskScheduler;

/**
 * Opens {@link SseStream}s and knows the open ones. Every stream is written by the shared
 * {@code writers} — a small fixed pool: a stream costs no thread, however many are open and
 * however slowly their readers read — and one keep-alive timer visits every stream each
 * {@code keepAlivePeriod}. Both executors are Spring beans, started and shut down with the
 * service; {@link #closeAll()} ends every open stream at shutdown, before the web server's
 * graceful wait, which would otherwise wait for these never-ending responses.
 */
public final class SseStreams {
    /** Turns an event's data into JSON bytes (the service's own JSON mapper). */
    @FunctionalInterface
    public interface Json {
        byte[] encode(Object value);
    }

    private final Executor writers;
    private final TaskScheduler keepAlive;
    private final Duration keepAlivePeriod;
    private final Json json;
    private final Set<SseStream> open = ConcurrentHashMap.newKeySet();
    private final AtomicReference<@Nullable ScheduledFuture<?>> ticker = new AtomicReference<>();

    public SseStreams(Executor writers, TaskScheduler keepAlive, Duration keepAlivePeriod, Json json) {
        this.writers = writers;
        this.keepAlive = keepAlive;
        this.keepAlivePeriod = keepAlivePeriod;
        this.json = json;
    }

    /** A stream with its own queue of at most {@code capacity} unsent events (see {@link SseStream#offer}). */
    public SseStream queued(int capacity) {
        return new SseStream(this, new SseStream.QueueSource(capacity));
    }

    /** A shared sequence of events for streams to follow, holding the last {@code capacity}. */
    public SseRing ring(int capacity) {
        return new SseRing(this, capacity);
    }

    /**
     * Sends {@code stream} as the response to {@code request}: status 200, {@code text/event-stream},
     * then its events as they come. The request becomes asynchronous and its thread goes back to
     * the server. A HEAD request gets the headers only.
     */
    public void start(SseStream stream, HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        if ("HEAD".equals(request.getMethod())) {
            stream.close();
            return;
        }
        AsyncContext async = request.startAsync(request, response);
        async.setTimeout(0);
        open.add(stream);
        startTicking();
        stream.start(new SseOutput.Servlet(async, response.getOutputStream()));
    }

    /** As {@link #start(SseStream, HttpServletRequest, HttpServletResponse)}, on any output (tests). */
    void start(SseStream stream, SseOutput output) {
        open.add(stream);
        startTicking();
        stream.start(output);
    }

    /** Completes every open stream (service shutdown): readers see a normal end and reconnect later. */
    public void closeAll() {
        for (SseStream stream : open) {
            stream.close();
        }
    }

    public int openCount() {
        return open.size();
    }

    /** Each open stream's state, for a test's report when a stream went silent. */
    java.util.List<String> states() {
        return open.stream().map(SseStream::toString).toList();
    }

    Json json() {
        return json;
    }

    void execute(Runnable work) {
        writers.execute(work);
    }

    void closed(SseStream stream) {
        open.remove(stream);
    }

    /** One timer for all streams, started with the first one. */
    private void startTicking() {
        if (ticker.get() == null) {
            synchronized (ticker) {
                if (ticker.get() == null) {
                    ticker.set(keepAlive.scheduleAtFixedRate(this::tick,
                            keepAlive.getClock().instant().plus(keepAlivePeriod), keepAlivePeriod));
                }
            }
        }
    }

    void tick() {
        for (SseStream stream : open) {
            stream.tick();
        }
    }
}
