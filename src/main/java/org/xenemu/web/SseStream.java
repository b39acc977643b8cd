package org.xenemu.web;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A server-sent-event stream that never blocks the thread that offers to it. Items go into a
 * bounded queue drained by a shared sender pool; when a reader falls so far behind that the queue
 * is full, the stream is closed (the reader reconnects and resumes from what it last saw). This
 * is the overflow policy for engine events and xenstore watch streams alike.
 *
 * <p>An idle stream sends a keep-alive comment every {@code keepAlive}: proxies keep the
 * connection open, and a reader that went away is noticed by the failed write within one period,
 * so what the stream holds (a xenstore watch, counted against the guest's quota) is released
 * promptly instead of at the next event, which may never come. The keep-alive timer is the web
 * layer's wall clock, not engine time.
 */
public final class SseStream {
    private static final ExecutorService SENDERS = Executors.newCachedThreadPool(r -> daemon(r, "xenemu-sse"));
    private static final ScheduledExecutorService KEEP_ALIVE =
            Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "xenemu-sse-keepalive"));

    /** Open streams, so shutdown can end them instead of waiting out the graceful period. */
    private static final Set<SseStream> OPEN = ConcurrentHashMap.newKeySet();

    private final SseEmitter emitter;
    private final BlockingQueue<SseEmitter.SseEventBuilder> queue;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ScheduledFuture<?> keepAliveTask;
    private volatile Runnable onClose = () -> { };

    public SseStream(int capacity, Duration keepAlive) {
        this.emitter = new SseEmitter(0L);
        // Linked: memory grows with what is queued, not with the (possibly large) bound.
        this.queue = new LinkedBlockingQueue<>(capacity);
        emitter.onCompletion(this::closed);
        emitter.onTimeout(this::close);
        emitter.onError(e -> close());
        long periodMillis = keepAlive.toMillis();
        this.keepAliveTask = KEEP_ALIVE.scheduleAtFixedRate(this::keepAlive, periodMillis, periodMillis,
                TimeUnit.MILLISECONDS);
        OPEN.add(this);
    }

    /** Completes every open stream (service shutdown): readers see a normal end and reconnect later. */
    public static void closeAll() {
        for (SseStream stream : OPEN) {
            stream.close();
        }
    }

    public SseEmitter emitter() {
        return emitter;
    }

    public void onClose(Runnable action) {
        this.onClose = action;
        if (closed.get()) {
            action.run();
        }
    }

    /** Queues an event; returns false (and closes the stream) if the reader is too far behind. */
    public boolean offer(SseEmitter.SseEventBuilder event) {
        if (closed.get()) {
            return false;
        }
        if (!queue.offer(event)) {
            close();
            return false;
        }
        if (draining.compareAndSet(false, true)) {
            SENDERS.execute(this::drain);
        }
        return true;
    }

    public boolean isClosed() {
        return closed.get();
    }

    public void close() {
        if (!closed.get()) {
            try {
                emitter.complete();
            } catch (RuntimeException ignored) {
                // already completed by the container
            }
            closed();
        }
    }

    /** Only when nothing is waiting: a busy stream proves its reader is there by sending. */
    private void keepAlive() {
        if (queue.isEmpty()) {
            offer(SseEmitter.event().comment("keep-alive"));
        }
    }

    private void closed() {
        if (closed.compareAndSet(false, true)) {
            keepAliveTask.cancel(false);
            OPEN.remove(this);
            queue.clear();
            onClose.run();
        }
    }

    private void drain() {
        try {
            SseEmitter.SseEventBuilder next;
            while (!closed.get() && (next = queue.poll()) != null) {
                emitter.send(next);
            }
        } catch (IOException | IllegalStateException e) {
            close();
        } finally {
            draining.set(false);
            if (!queue.isEmpty() && !closed.get() && draining.compareAndSet(false, true)) {
                SENDERS.execute(this::drain);
            }
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
