package org.xenemu.client;

import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.Flow;
import org.xenemu.client.internal.EventQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A live stream of server-sent events (a xenstore watch, engine events): a blocking
 * {@link Iterator} that is also {@link AutoCloseable}. Events are queued as the JDK HTTP client
 * delivers them, on its own executor; this class starts no thread. Take them with
 * {@link #next()} (blocks), {@link #poll(Duration)} (waits at most that long) or
 * {@link #await(Predicate, Duration)}.
 *
 * <p>The stream ends when the server ends it (the service stopped, or the reader fell too far
 * behind: docs/api.md "Events", "Watches") or when it is closed; {@link #hasNext()} is then false
 * once the queued events are taken, and {@link #failure()} says why if it broke. Closing a watch
 * stream is UNWATCH (the server notices at its next keep-alive). Not meant for several readers at
 * once; {@link #close()} may be called from any thread.
 *
 * @param <T> the event type
 */
public final class XenemuStream<T> implements Iterator<T>, AutoCloseable {
    /** Bytes are requested from the connection only while fewer events than this are waiting. */
    private static final int HIGH_WATER = 1024;
    private final EventQueue<T> queue = new EventQueue<>("an event", this::taken);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean wantsMore = new AtomicBoolean();
    private volatile Flow.Subscription subscription;
    private volatile Throwable failure;

    XenemuStream() {
    }

    void attach(Flow.Subscription s) {
        this.subscription = s;
        if (closed.get()) {
            s.cancel();
        }
    }

    void offer(T event) {
        if (!closed.get()) {
            queue.add(event);
        }
    }

    /** After a chunk was parsed: ask for the next one unless the reader is behind. */
    void delivered() {
        if (closed.get()) {
            return;
        }
        if (queue.size() < HIGH_WATER) {
            subscription.request(1);
        } else {
            wantsMore.set(true);
            // the reader may have drained the queue between the check and the flag
            if (queue.size() < HIGH_WATER && wantsMore.compareAndSet(true, false)) {
                subscription.request(1);
            }
        }
    }

    void fail(Throwable t) {
        if (!closed.get()) {
            failure = t;
        }
        end();
    }

    void end() {
        queue.end();
    }

    private void taken() {
        if (wantsMore.get() && queue.size() < HIGH_WATER / 2 && wantsMore.compareAndSet(true, false)) {
            subscription.request(1);
        }
    }

    /** Waits for the next event or the end; true if there is an event. */
    @Override
    public boolean hasNext() {
        return queue.hasNext();
    }

    /** The next event, waiting as long as it takes. */
    @Override
    public T next() {
        return queue.next(() -> "the event stream has ended" + failure().map(f -> ": " + f).orElse(""));
    }

    /** The next event, or empty if none came within {@code timeout} or the stream has ended. */
    public Optional<T> poll(Duration timeout) {
        return queue.poll(timeout);
    }

    /**
     * Takes events until one matches, for at most {@code timeout} in all; the events before it are
     * consumed. Empty if none matched in time or the stream ended.
     */
    public Optional<T> await(Predicate<? super T> match, Duration timeout) {
        return queue.await(match, timeout);
    }

    /** The remaining events as a sequential, blocking {@link Stream} that ends with the event stream. */
    public Stream<T> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL),
                false).onClose(this::close);
    }

    /** False once the server ended the stream, it broke, or it was closed (queued events may remain). */
    public boolean isOpen() {
        return !queue.isEnded();
    }

    /** Why the stream broke, if it did (not for a normal end or a close). */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** Closes the connection; further reads see the end. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            end();
        }
    }

}
