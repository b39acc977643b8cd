package org.xenemu.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server-sent-event stream that costs the thread offering to it O(1) and nothing else: an
 * engine step or the store's delivering thread only puts an event into the stream's bounded
 * source (its own queue, or a cursor over a shared {@link SseRing}) and, if no writer is on the
 * stream yet, hands it to the small fixed pool of writers of {@link SseStreams}. A writer collects
 * what is pending (JSON made once per event, shared by every stream), writes it in one piece
 * without blocking (the Servlet API's non-blocking output) and, when the reader is not reading,
 * leaves; the container calls back once the reader has taken enough, and that callback writes
 * what is pending on the container's own thread ({@link #writable()}). No thread ever waits for
 * a reader, and a stream holds no thread between writes.
 *
 * <p>Overflow: when a reader falls so far behind that its source cannot hold what it has not
 * read, the stream is closed (the reader reconnects and resumes from the last id it saw). Closing
 * — the response's completion and the close action (a watch's UNWATCH, leaving a ring) — always
 * runs on a writer or on the caller of {@link #close()}, never inside an {@link #offer}.
 *
 * <p>One writer at a time per stream: {@code work} counts requests for a writer; the one that
 * raised it from zero runs {@link #drain()}, which loops until it has seen every request.
 */
public final class SseStream {
    private static final Logger log = LoggerFactory.getLogger(SseStream.class);
    /** About this much is collected for one write: one syscall carries many events. */
    static final int BATCH_BYTES = 64 * 1024;
    private static final SseEvent KEEP_ALIVE = SseEvent.comment("keep-alive");
    /** Whole keep-alive periods a reader may take nothing while output waits before its stream is closed. */
    static final int STALL_TICKS = 2;

    /** Where a stream's events wait until a writer takes them. */
    interface Source {
        /** Appends whole events to {@code out} until it holds about {@code maxBytes}; false: the reader fell too far behind. */
        boolean drainTo(ByteArrayOutputStream out, int maxBytes, SseStreams.Json json);

        boolean hasPending();

        /** The stream is closed: let go of it. */
        void detach();
    }

    private final SseStreams owner;
    private final Source source;
    private final Queue<SseEvent> comments = new ConcurrentLinkedQueue<>();
    private final AtomicInteger work = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile @Nullable SseOutput output;
    /** Set by the container's first "writable" call: before it, the request's own dispatch may still run. */
    private volatile boolean writable;
    private volatile boolean closeRequested;
    private volatile Runnable onClose = () -> { };

    /** Held by the one writer while it is inside the output ({@link #awaitWriter}). */
    private final ReentrantLock writing = new ReentrantLock();
    private static final long WRITER_WAIT_MILLIS = 1000;

    // Writer-confined (one writer at a time, handed over through {@code work}'s atomic updates).
    private byte @Nullable [] unsent;
    private boolean unflushed;

    // Read by the keep-alive timer.
    private volatile boolean blocked;
    private volatile long writtenBytes;
    private long writtenAtLastTick;
    private int stalledTicks;
    private int unwritableTicks;

    SseStream(SseStreams owner, Source source) {
        this.owner = owner;
        this.source = source;
    }

    /**
     * Queues an event for a stream made by {@link SseStreams#queued}; false (and the stream
     * closes) when the reader is too far behind or the stream is closed. O(1), never blocks.
     */
    public boolean offer(SseEvent event) {
        if (!(source instanceof QueueSource queue)) {
            throw new IllegalStateException("this stream follows a ring; it takes no offers");
        }
        if (closed.get() || closeRequested) {
            return false;
        }
        if (!queue.offer(event)) {
            close();
            return false;
        }
        signal();
        return true;
    }

    /** A comment sent before anything else still pending (e.g. {@code stream open}). */
    public void comment(String text) {
        comments.add(SseEvent.comment(text));
        signal();
    }

    /** Runs {@code action} once, when the stream closes (at once if it is closed already). */
    public void onClose(Runnable action) {
        this.onClose = action;
        if (closed.get()) {
            action.run();
        }
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Ends the stream: pending events are dropped, the response completes, the close action runs. */
    public void close() {
        closeRequested = true;
        if (output == null || !writable) {
            finish(); // nothing writes to it yet: nobody else will
        } else {
            wake(); // also when blocked: closing must not wait for the reader
        }
    }

    void start(SseOutput out) {
        output = out;
        if (closeRequested) {
            finish();
            return;
        }
        out.listen(this);
    }

    /**
     * The container says the output takes bytes again (the first time: the request's dispatch is
     * over). This runs on the container's thread inside its write callback, and what is pending is
     * written right here: Tomcat's non-blocking output is meant to be written from that callback,
     * and a writer thread writing beside it while the container finishes the callback is what
     * other projects saw refuse writes or lose the next callback. Only
     * when another writer still holds the stream (it saw "not ready" a moment ago and has not let
     * go yet) does that writer write instead.
     */
    void writable() {
        blocked = false;
        writable = true;
        if (takeWriter()) {
            drain();
        }
    }

    /**
     * The container reports the response broken (the reader left mid-write): complete it now, on
     * the container's thread, before the container falls back to an error page for a response
     * that is already an event stream.
     */
    void failed(String why) {
        // a reader leaving is ordinary; at debug level a test can tell how a stream ended
        log.debug("event stream ended by {}", why);
        closeRequested = true;
        awaitWriter();
        finish();
    }

    /**
     * Waits (a second at most) until no other thread is inside a write or flush of this stream.
     * The container calls {@link #failed} and {@link #ended} just before it recycles the response
     * for another request, and a write that failed on a writer thread may still be inside the
     * container then: Tomcat's flush first marks the request in error, which hands the error to a
     * container thread, and only then keeps the exception in the response. Without this wait that
     * exception could land in the recycled response, and the next request it served — another
     * client's, a new event stream or any other — failed its first flush with this stream's
     * "Broken pipe" and was cut off (README changelog, 0.3.0; {@code SseStreamTest},
     * {@code bench/stream-after-leaver}).
     */
    private void awaitWriter() {
        try {
            if (writing.tryLock(WRITER_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                writing.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The container completed the response (after {@link #finish()}, or on its own). */
    void ended() {
        failed("the container completing the response");
    }

    /**
     * Something is pending. A stream whose reader is not taking bytes ({@code blocked}) is left
     * alone: the container calls {@link #writable()} when it can write again, and until then
     * waking a writer for it would only ask the container again (issue 18: 100 stalled streams
     * made every event cost 100 such questions).
     */
    void signal() {
        if (!blocked) {
            wake();
        }
    }

    private void wake() {
        if (takeWriter()) {
            owner.execute(this::drain);
        }
    }

    /** Whether the caller is now the stream's one writer and must run {@link #drain()} (or have it run). */
    private boolean takeWriter() {
        return writable && !closed.get() && work.getAndIncrement() == 0;
    }

    /**
     * Keep-alive timer, once a period: a stream with nothing pending gets a comment (which is how
     * a reader that went away is found: the write after its end fails); a stream whose reader has
     * taken nothing for two whole periods while output waited is closed. The stall is counted
     * from the first tick that sees it, so the close comes at the third such tick: a container
     * whose callback comes late (a loaded machine) does not cost a reader that does read its
     * stream, and a stalled stream is still released within three periods of its last write.
     * A stream not blocked whose output waits is handed to a writer (idempotent): a safety net
     * should a signal ever have gone missing, so pending output never silences the keep-alive.
     */
    void tick() {
        if (!writable) {
            if (output != null && !closed.get() && ++unwritableTicks > 1) {
                // A whole period since the stream started and still no first callback from the
                // container (once suspected for streams that went silent): write without
                // it, as the callback would have; the writer asks the output whether it is ready,
                // and a "no" makes the container call back as usual.
                log.warn("event stream: no write callback from the container a keep-alive period after it"
                        + " started; writing without it");
                writable = true;
                wake();
            }
            return;
        }
        long written = writtenBytes;
        if (blocked && written == writtenAtLastTick) {
            if (++stalledTicks > STALL_TICKS) {
                log.debug("event stream closed: its reader took nothing for {} keep-alive periods", STALL_TICKS);
                close();
            }
            return;
        }
        stalledTicks = blocked ? 1 : 0;
        writtenAtLastTick = written;
        if (blocked) {
            return;
        }
        if (comments.isEmpty() && !source.hasPending()) {
            comments.add(KEEP_ALIVE);
        }
        wake();
    }

    @Override
    public String toString() {
        return "SseStream[writable=" + writable + ", blocked=" + blocked + ", closeRequested=" + closeRequested
                + ", closed=" + closed.get() + ", work=" + work.get() + ", written=" + writtenBytes
                + ", stalledTicks=" + stalledTicks + ", pending=" + (!comments.isEmpty() || source.hasPending()) + "]";
    }

    private void drain() {
        int missed = 1;
        while (true) {
            if (!closed.get()) {
                try {
                    writePending();
                } catch (IOException | RuntimeException e) {
                    // the reader is gone, or the container refused: either way the stream is over
                    log.debug("event stream closed after a failed write: {}", e.toString());
                    closeRequested = true;
                }
                if (closeRequested) {
                    finish();
                }
            }
            missed = work.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private void writePending() throws IOException {
        SseOutput out = output;
        if (out == null) {
            return;
        }
        writing.lock();
        try {
            writeWhileReady(out);
        } finally {
            writing.unlock();
        }
    }

    private void writeWhileReady(SseOutput out) throws IOException {
        while (!closeRequested) {
            if (!out.isReady()) {
                blocked = true; // the container calls writable() when the reader has caught up
                return;
            }
            if (unflushed) {
                out.flush();
                unflushed = false;
                continue;
            }
            byte[] next = unsent != null ? unsent : collect();
            unsent = null;
            if (next == null) {
                blocked = false;
                return;
            }
            out.write(next);
            writtenBytes += next.length;
            unflushed = true;
            blocked = false;
        }
    }

    private byte @Nullable [] collect() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
        SseEvent comment;
        while (buffer.size() < BATCH_BYTES && (comment = comments.poll()) != null) {
            buffer.writeBytes(comment.bytes(owner.json()));
        }
        if (!source.drainTo(buffer, BATCH_BYTES, owner.json())) {
            log.debug("event stream closed: its reader fell too far behind");
            closeRequested = true;
            return null;
        }
        return buffer.size() == 0 ? null : buffer.toByteArray();
    }

    private void finish() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        source.detach();
        comments.clear();
        SseOutput out = output;
        if (out != null) {
            try {
                out.complete();
            } catch (RuntimeException alreadyComplete) {
                // the container completed it first (the reader left)
            }
        }
        owner.closed(this);
        onClose.run();
    }

    /** A stream's own bounded queue: what a xenstore watch stream uses. */
    static final class QueueSource implements Source {
        private final Queue<SseEvent> queue = new ConcurrentLinkedQueue<>();
        private final AtomicInteger size = new AtomicInteger();
        private final int capacity;

        QueueSource(int capacity) {
            this.capacity = capacity;
        }

        boolean offer(SseEvent event) {
            if (size.incrementAndGet() > capacity) {
                size.decrementAndGet();
                return false;
            }
            queue.add(event);
            return true;
        }

        @Override
        public boolean drainTo(ByteArrayOutputStream out, int maxBytes, SseStreams.Json json) {
            SseEvent next;
            while (out.size() < maxBytes && (next = queue.poll()) != null) {
                size.decrementAndGet();
                out.writeBytes(next.bytes(json));
            }
            return true;
        }

        @Override
        public boolean hasPending() {
            return !queue.isEmpty();
        }

        @Override
        public void detach() {
            queue.clear();
            size.set(0);
        }
    }
}
