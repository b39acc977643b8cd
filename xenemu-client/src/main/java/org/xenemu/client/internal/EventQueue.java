package org.xenemu.client.internal;

import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The blocking queue behind the client's event streams ({@code XenemuStream}, {@code XsWatch}):
 * events in the order they arrive, then the end. The producer {@link #add}s and {@link #end}s from
 * its own thread; one reader takes with {@link #hasNext()}/{@link #next}, {@link #poll} or
 * {@link #await}. Not part of the client's API: public only so that both packages can use it.
 *
 * @param <T> the event type
 */
public final class EventQueue<T> {
    private static final Object END = new Object();

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final String what;
    private final Runnable taken;
    private Object peeked;

    /**
     * @param what  what an event is called in the message of an interrupted wait ("an event")
     * @param taken run after every item taken off the queue (a stream's flow control)
     */
    public EventQueue(String what, Runnable taken) {
        this.what = what;
        this.taken = taken;
    }

    /** Queues an event (the producer's thread; never blocks). */
    public void add(T event) {
        queue.add(event);
    }

    /** Events waiting (the one {@link #hasNext()} holds not counted). */
    public int size() {
        return queue.size();
    }

    /** Ends the queue after the events already in it; true the first time. */
    public boolean end() {
        if (ended.compareAndSet(false, true)) {
            queue.add(END);
            return true;
        }
        return false;
    }

    /** Whether {@link #end()} was called (events may still be waiting). */
    public boolean isEnded() {
        return ended.get();
    }

    /** Waits for the next event or the end; true if there is an event. */
    public boolean hasNext() {
        if (peeked == null) {
            try {
                peeked = queue.take();
            } catch (InterruptedException e) {
                throw interrupted();
            }
            taken.run();
        }
        if (peeked == END) {
            queue.add(END);
            peeked = null;
            return false;
        }
        return true;
    }

    /** The next event, waiting as long as it takes; at the end, {@link NoSuchElementException} with {@code ended}'s text. */
    public T next(Supplier<String> ended) {
        if (!hasNext()) {
            throw new NoSuchElementException(ended.get());
        }
        @SuppressWarnings("unchecked")
        T event = (T) peeked;
        peeked = null;
        return event;
    }

    /** The next event, or empty if none came within {@code timeout} or the queue has ended. */
    public Optional<T> poll(Duration timeout) {
        if (peeked != null) {
            return Optional.of(next(() -> "ended"));
        }
        Object item;
        try {
            item = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            throw interrupted();
        }
        if (item == null) {
            return Optional.empty();
        }
        taken.run();
        if (item == END) {
            queue.add(END);
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        T event = (T) item;
        return Optional.of(event);
    }

    /**
     * Takes events until one matches, for at most {@code timeout} in all; the events before it are
     * consumed. Empty if none matched in time or the queue ended.
     */
    public Optional<T> await(Predicate<? super T> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            Optional<T> next = poll(Duration.ofNanos(left));
            if (next.isEmpty()) {
                if (isEnded() && queue.peek() == END) {
                    return Optional.empty();
                }
                continue;
            }
            if (match.test(next.get())) {
                return next;
            }
        }
    }

    private UncheckedIOException interrupted() {
        Thread.currentThread().interrupt();
        return new UncheckedIOException(new InterruptedIOException("interrupted while waiting for " + what));
    }
}
