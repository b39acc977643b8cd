package org.xenemu.client.xs;

import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.xenemu.client.internal.EventQueue;

/**
 * A xenstore watch as a blocking stream of {@link XsWatchEvent}s (docs/xenstore.md "Watches"): the
 * initial event first, then one per change at or below the watch path. Events are queued by the
 * connection's reader thread as they arrive; take them with {@link #next()},
 * {@link #poll(Duration)} or {@link #await(Predicate, Duration)}. {@link #close()} sends UNWATCH.
 *
 * <p>The stream ends when it is closed, when the connection closes, or when more than
 * {@link XsClient#WATCH_QUEUE_LIMIT} events wait unread (then the watch is dropped, as xenstored
 * drops a connection that stops reading, and {@link #overflowed()} is true): re-read the state and
 * watch again.
 */
public final class XsWatch implements Iterator<XsWatchEvent>, AutoCloseable {
    private final XsClient client;
    private final String path;
    private final String token;
    private final EventQueue<XsWatchEvent> queue = new EventQueue<>("a watch event", () -> { });
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean overflowed;

    XsWatch(XsClient client, String path, String token) {
        this.client = client;
        this.path = path;
        this.token = token;
    }

    /** The watch path as given. */
    public String path() {
        return path;
    }

    /** The token. */
    public String token() {
        return token;
    }

    /** Called on the reader thread; never blocks. */
    void deliver(XsWatchEvent event) {
        if (queue.isEnded()) {
            return;
        }
        if (queue.size() >= XsClient.WATCH_QUEUE_LIMIT) {
            overflowed = true;
            client.dropOverflowed(this);
            end();
            return;
        }
        queue.add(event);
    }

    void end() {
        queue.end();
    }

    /** Whether the watch was dropped because its reader fell too far behind. */
    public boolean overflowed() {
        return overflowed;
    }

    /** False once the watch ended (queued events may remain). */
    public boolean isOpen() {
        return !queue.isEnded();
    }

    /** Waits for the next event or the end; true if there is an event. */
    @Override
    public boolean hasNext() {
        return queue.hasNext();
    }

    /** The next event, waiting as long as it takes. */
    @Override
    public XsWatchEvent next() {
        return queue.next(() -> "the watch on " + path + " has ended" + (overflowed ? " (overflowed)" : ""));
    }

    /** The next event, or empty if none came within {@code timeout} or the watch has ended. */
    public Optional<XsWatchEvent> poll(Duration timeout) {
        return queue.poll(timeout);
    }

    /** Takes events until one matches, for at most {@code timeout} in all; empty if none did. */
    public Optional<XsWatchEvent> await(Predicate<? super XsWatchEvent> match, Duration timeout) {
        return queue.await(match, timeout);
    }

    /** UNWATCH (unless the connection is gone) and end the stream. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                client.unwatch(this);
            } finally {
                end();
            }
        }
    }
}
