package org.xenemu.web;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import org.springframework.scheduling.TaskScheduler;

/**
 * Opens {@link SseStream}s and knows the open ones: every stream drains on the shared
 * {@code senders} and sends its keep-alive comment through {@code keepAlive} every
 * {@code keepAlivePeriod}. Both executors are Spring beans, started and shut down with the
 * service; {@link #closeAll()} ends every open stream at shutdown, before the web server's
 * graceful wait, which would otherwise wait for these never-ending responses.
 */
public final class SseStreams {
    private final Executor senders;
    private final TaskScheduler keepAlive;
    private final Duration keepAlivePeriod;
    private final Set<SseStream> open = ConcurrentHashMap.newKeySet();

    public SseStreams(Executor senders, TaskScheduler keepAlive, Duration keepAlivePeriod) {
        this.senders = senders;
        this.keepAlive = keepAlive;
        this.keepAlivePeriod = keepAlivePeriod;
    }

    /** A new stream that holds at most {@code capacity} unsent items before it gives up on its reader. */
    public SseStream open(int capacity) {
        SseStream stream = new SseStream(this, capacity);
        open.add(stream);
        return stream;
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

    void send(Runnable drain) {
        senders.execute(drain);
    }

    ScheduledFuture<?> keepAlive(Runnable task) {
        return keepAlive.scheduleAtFixedRate(task, keepAlive.getClock().instant().plus(keepAlivePeriod),
                keepAlivePeriod);
    }

    void closed(SseStream stream) {
        open.remove(stream);
    }
}
