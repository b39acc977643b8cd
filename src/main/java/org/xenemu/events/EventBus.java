package org.xenemu.events;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Engine events with a sequence number, kept in a bounded history (a ring) for paging and passed to
 * live subscribers. Subscribers must not block: the web layer gives each stream its own bounded
 * queue, so a slow reader never slows an engine.
 *
 * <p>A bus without history (size 0, a scenario's private host) and without subscribers is
 * <em>quiet</em>: nobody can ever read what is published, so publishing only numbers the event
 * and takes no lock, and engines on hot paths ask {@link #isListened()} first and do not even
 * build the event (a day of a thousand selfballooning guests publishes some fifty million).
 */
public final class EventBus {
    private static final Logger log = LoggerFactory.getLogger(EventBus.class);
    private final TimeSource clock;
    private final EventEnvelope[] ring;
    private final List<Consumer<EventEnvelope>> subscribers = new CopyOnWriteArrayList<>();
    /** The oldest sequence number the ring may hold: 1, or where a snapshot restore started it. */
    private long firstSeq = 1;
    private static final VarHandle NEXT_SEQ;

    static {
        try {
            NEXT_SEQ = MethodHandles.lookup().findVarHandle(EventBus.class, "nextSeq", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Written atomically (the quiet path takes no lock), read under the lock. */
    private volatile long nextSeq = 1;

    /** {@code historySize} 0 keeps no history: the bus is quiet while nobody subscribes. */
    public EventBus(TimeSource clock, int historySize) {
        if (historySize < 0) {
            throw new IllegalArgumentException("history size must not be negative");
        }
        this.clock = clock;
        this.ring = new EventEnvelope[historySize];
    }

    /**
     * Whether an event published now can be read by anyone: the bus keeps a history or someone
     * subscribes. When not, an engine may skip building the event; publishing it anyway is cheap.
     */
    public boolean isListened() {
        return ring.length > 0 || !subscribers.isEmpty();
    }

    /** Publishes in sequence order; subscribers are called under the lock, so they see that order. */
    public EventEnvelope publish(XenEvent event) {
        if (!isListened()) {
            long seq = (long) NEXT_SEQ.getAndAdd(this, 1L);
            long nanos = clock.nanos();
            return new EventEnvelope(seq, event.eventType(), clock.nanosToJiffies(nanos), nanos, event);
        }
        return publishListened(event);
    }

    private synchronized EventEnvelope publishListened(XenEvent event) {
        long nanos = clock.nanos();
        long seq = (long) NEXT_SEQ.getAndAdd(this, 1L);
        EventEnvelope envelope = new EventEnvelope(seq, event.eventType(), clock.nanosToJiffies(nanos), nanos, event);
        if (ring.length > 0) {
            ring[(int) (seq % ring.length)] = envelope;
        }
        for (Consumer<EventEnvelope> subscriber : subscribers) {
            // Engines publish in the middle of their steps (a balloon batch, an OOM kill): a
            // failing subscriber must not throw into them and leave pages half-moved.
            try {
                subscriber.accept(envelope);
            } catch (RuntimeException e) {
                log.warn("an event subscriber failed on event {} ({}); the event stays in the history",
                        envelope.seq(), envelope.type(), e);
            }
        }
        return envelope;
    }

    /** Events with {@code seq > after}, oldest first, at most {@code limit}, from what history still holds. */
    public synchronized Page page(long after, int limit) {
        long oldest = Math.max(firstSeq, nextSeq - ring.length);
        long from = after >= nextSeq ? nextSeq : Math.max(after + 1, oldest); // no overflow at Long.MAX_VALUE
        List<EventEnvelope> events = new ArrayList<>();
        for (long seq = from; seq < nextSeq && events.size() < limit && ring.length > 0; seq++) {
            events.add(ring[(int) (seq % ring.length)]);
        }
        return new Page(events, oldest, nextSeq - 1);
    }

    /**
     * Subscribes: first hands the subscriber the history after {@code after}, then every new event,
     * all under the publishing lock, so the subscriber sees one gap-free ascending sequence (a live
     * event can never overtake the backlog). Returns how many backlog events were handed over.
     */
    public synchronized Subscription subscribe(long after, Consumer<EventEnvelope> subscriber) {
        List<EventEnvelope> backlog = ring.length == 0 ? List.of() : page(after, ring.length).events();
        backlog.forEach(subscriber);
        subscribers.add(subscriber);
        return new Subscription(backlog.size(), () -> subscribers.remove(subscriber));
    }

    public int historySize() {
        return ring.length;
    }

    public synchronized long lastSeq() {
        return nextSeq - 1;
    }

    public record Page(List<EventEnvelope> events, long oldestSeq, long lastSeq) {
    }

    public record Subscription(int backlogSize, Runnable cancel) {
    }

    // ---- snapshots ----

    /** The sequence number the next event will get. */
    public synchronized long nextSeq() {
        return nextSeq;
    }

    /**
     * Restore: the next event gets {@code savedNextSeq}; the history is not part of a snapshot, so
     * it starts empty there (paging shows nothing older). Live subscribers stay subscribed.
     */
    public synchronized void restore(long savedNextSeq) {
        if (savedNextSeq < 1) {
            throw new IllegalArgumentException("event sequence must be positive: " + savedNextSeq);
        }
        Arrays.fill(ring, null);
        nextSeq = savedNextSeq;
        firstSeq = savedNextSeq;
    }
}
