package org.xenemu.client.xs;

import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

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
    private static final Object END = new Object();

    private final XsClient client;
    private final String path;
    private final String token;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean overflowed;
    private Object peeked;

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
        if (ended.get()) {
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
        if (ended.compareAndSet(false, true)) {
            queue.add(END);
        }
    }

    /** Whether the watch was dropped because its reader fell too far behind. */
    public boolean overflowed() {
        return overflowed;
    }

    /** False once the watch ended (queued events may remain). */
    public boolean isOpen() {
        return !ended.get();
    }

    /** Waits for the next event or the end; true if there is an event. */
    @Override
    public boolean hasNext() {
        if (peeked == null) {
            try {
                peeked = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new InterruptedIOException("interrupted while waiting for a watch event"));
            }
        }
        if (peeked == END) {
            queue.add(END);
            peeked = null;
            return false;
        }
        return true;
    }

    /** The next event, waiting as long as it takes. */
    @Override
    public XsWatchEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the watch on " + path + " has ended" + (overflowed ? " (overflowed)" : ""));
        }
        XsWatchEvent e = (XsWatchEvent) peeked;
        peeked = null;
        return e;
    }

    /** The next event, or empty if none came within {@code timeout} or the watch has ended. */
    public Optional<XsWatchEvent> poll(Duration timeout) {
        if (peeked != null) {
            return Optional.of(next());
        }
        Object item;
        try {
            item = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("interrupted while waiting for a watch event"));
        }
        if (item == null) {
            return Optional.empty();
        }
        if (item == END) {
            queue.add(END);
            return Optional.empty();
        }
        return Optional.of((XsWatchEvent) item);
    }

    /** Takes events until one matches, for at most {@code timeout} in all; empty if none did. */
    public Optional<XsWatchEvent> await(Predicate<? super XsWatchEvent> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            Optional<XsWatchEvent> e = poll(Duration.ofNanos(left));
            if (e.isEmpty()) {
                if (!isOpen()) {
                    return Optional.empty();
                }
                continue;
            }
            if (match.test(e.get())) {
                return e;
            }
        }
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
