package org.xenemu.web;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A server-sent-event stream that never blocks the thread that offers to it. Items go into a
 * bounded queue drained by a shared sender pool; when a reader falls so far behind that the queue
 * is full, the stream is closed (the reader reconnects and resumes from what it last saw). This
 * is the overflow policy for engine events and xenstore watch streams alike.
 */
public final class SseStream {
    private static final ExecutorService SENDERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "xenemu-sse");
        t.setDaemon(true);
        return t;
    });

    private final SseEmitter emitter;
    private final BlockingQueue<SseEmitter.SseEventBuilder> queue;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Runnable onClose = () -> { };

    public SseStream(int capacity) {
        this.emitter = new SseEmitter(0L);
        this.queue = new ArrayBlockingQueue<>(capacity);
        emitter.onCompletion(this::closed);
        emitter.onTimeout(this::close);
        emitter.onError(e -> close());
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

    private void closed() {
        if (closed.compareAndSet(false, true)) {
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
}
