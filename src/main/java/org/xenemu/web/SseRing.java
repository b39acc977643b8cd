package org.xenemu.web;

import java.io.ByteArrayOutputStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * One sequence of events shared by every stream that follows it (the engine events): publishing
 * stores the event in a ring and, when no sweep is pending, hands one sweep to the writers — O(1)
 * for the publisher however many streams follow and whatever their readers do. Each following
 * stream is a cursor into the ring; a writer copies what lies between the cursor and the head. A
 * stream whose next event has been overwritten (it fell more than the ring's capacity behind) is
 * closed; its reader resumes after the last id it saw.
 */
public final class SseRing {
    private record Slot(long seq, SseEvent event) {
    }

    private final SseStreams streams;
    private final AtomicReferenceArray<@Nullable Slot> slots;
    private final Set<SseStream> followers = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean sweepPending = new AtomicBoolean();
    /** The last sequence number published (0: none yet). Written after its slot, so a reader that sees it sees the slot. */
    private volatile long head;
    private volatile long first;

    SseRing(SseStreams streams, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.streams = streams;
        this.slots = new AtomicReferenceArray<>(capacity);
    }

    /** Publishes event {@code seq}; sequence numbers must rise by one each time. O(1), never blocks. */
    public void publish(long seq, SseEvent event) {
        slots.set(index(seq), new Slot(seq, event));
        if (first == 0) {
            first = seq;
        }
        head = seq;
        // no follower, no sweep: a stream that follows later drains from the head it reads at its
        // start (its first writable call), after it joined the followers
        if (!followers.isEmpty() && !sweepPending.get() && sweepPending.compareAndSet(false, true)) {
            streams.execute(this::sweep);
        }
    }

    /**
     * A stream of the events after {@code after} — at most {@code maxBacklog} of them from what
     * the ring holds, oldest first — then every new one, gap-free and in order. Start it with
     * {@link SseStreams#start}.
     */
    public SseStream follow(long after, int maxBacklog) {
        Cursor cursor = new Cursor();
        SseStream stream = new SseStream(streams, cursor);
        cursor.stream = stream;
        long h = head;
        long oldest = Math.max(Math.max(first, 1), h + 1 - Math.min(maxBacklog, slots.length()));
        cursor.next = after >= h ? h + 1 : Math.max(after + 1, oldest);
        followers.add(stream);
        return stream;
    }

    public long head() {
        return head;
    }

    int followerCount() {
        return followers.size();
    }

    private void sweep() {
        sweepPending.set(false);
        for (SseStream stream : followers) {
            stream.signal();
        }
    }

    private int index(long seq) {
        return (int) Math.floorMod(seq, (long) slots.length());
    }

    private final class Cursor implements SseStream.Source {
        /** Written by the stream's writer, read by the keep-alive timer too. */
        private volatile long next;
        private @Nullable SseStream stream;

        @Override
        public boolean drainTo(ByteArrayOutputStream out, int maxBytes, SseStreams.Json json) {
            long h = head;
            while (next <= h && out.size() < maxBytes) {
                Slot slot = slots.get(index(next));
                if (slot == null || slot.seq() != next) {
                    return false; // overwritten: the reader is more than the ring behind
                }
                out.writeBytes(slot.event().bytes(json));
                next++;
            }
            return true;
        }

        @Override
        public boolean hasPending() {
            return next <= head;
        }

        @Override
        public void detach() {
            if (stream != null) {
                followers.remove(stream);
            }
        }
    }
}
