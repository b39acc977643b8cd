package org.xenemu.web;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
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
 * layer's wall clock, not engine time. Streams are opened by {@link SseStreams}, whose executors
 * Spring manages.
 */
public final class SseStream {
    private final SseStreams owner;
    private final SseEmitter emitter;
    private final BlockingQueue<SseEmitter.SseEventBuilder> queue;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ScheduledFuture<?> keepAliveTask;
    private volatile Runnable onClose = () -> { };

    SseStream(SseStreams owner, int capacity) {
        this.owner = owner;
        this.emitter = new SseEmitter(0L);
        // Linked: memory grows with what is queued, not with the (possibly large) bound.
        this.queue = new LinkedBlockingQueue<>(capacity);
        emitter.onCompletion(this::closed);
        emitter.onTimeout(this::close);
        emitter.onError(e -> close());
        this.keepAliveTask = owner.keepAlive(this::keepAlive);
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
            owner.send(this::drain);
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
            owner.closed(this);
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
                owner.send(this::drain);
            }
        }
    }
}
