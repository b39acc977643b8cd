package org.xenemu.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The stream machinery without a server: the writers are a queue the test runs by hand, the
 * output a buffer the test can make stop taking bytes (a reader that does not read).
 */
class SseStreamTest {
    /** Writer work not run yet: what a writer pool too busy to reach a stream looks like. */
    final Deque<Runnable> writerWork = new ArrayDeque<>();
    final ThreadPoolTaskScheduler keepAlive = new ThreadPoolTaskScheduler();
    final SseStreams streams;

    SseStreamTest() {
        keepAlive.initialize();
        streams = new SseStreams(writerWork::add, keepAlive, Duration.ofHours(1),
                value -> ("{\"v\":" + value + "}").getBytes(StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        keepAlive.shutdown();
    }

    /** A response body in memory; {@code ready} false is a reader whose socket buffer is full. */
    static class FakeOutput implements SseOutput {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        boolean ready = true;
        boolean failing;
        int completed;
        int writes;
        SseStream stream;

        @Override
        public boolean isReady() {
            return ready;
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            if (!ready) {
                throw new IllegalStateException("isReady() said no");
            }
            if (failing) {
                throw new IOException("Broken pipe");
            }
            writes++;
            written.writeBytes(bytes);
        }

        @Override
        public void flush() throws IOException {
            if (failing) {
                throw new IOException("Broken pipe");
            }
        }

        @Override
        public void complete() {
            completed++;
        }

        @Override
        public void listen(SseStream s) {
            this.stream = s;
        }

        String text() {
            return written.toString(StandardCharsets.UTF_8);
        }
    }

    FakeOutput start(SseStream stream) {
        FakeOutput out = new FakeOutput();
        streams.start(stream, out);
        stream.writable(); // the container's first call, once the request's dispatch is over
        return out;
    }

    void runWriters() {
        Runnable next;
        while ((next = writerWork.poll()) != null) {
            next.run();
        }
    }

    @Nested
    class Queued {
        @Test
        void offeringOnlyQueuesAndHandsTheStreamToAWriterOnceHoweverManyEventsWait() {
            SseStream s = streams.queued(100);
            FakeOutput out = start(s);
            runWriters();
            for (int i = 0; i < 50; i++) {
                assertThat(s.offer(SseEvent.of(null, "watch", i))).isTrue();
            }
            assertThat(out.writes).as("nothing written on the offering thread").isZero();
            assertThat(writerWork).as("one writer task for the stream").hasSize(1);
            runWriters();
            assertThat(out.writes).as("the 50 events went out in one write").isEqualTo(1);
            assertThat(out.text()).startsWith("event:watch\ndata:{\"v\":0}\n\nevent:watch\ndata:{\"v\":1}\n\n");
        }

        @Test
        void theContainersWriteCallbackWritesWhatIsPendingOnItsOwnThread() {
            SseStream s = streams.queued(10);
            s.comment("stream open");
            FakeOutput out = new FakeOutput();
            streams.start(s, out);
            assertThat(out.writes).as("nothing before the container's first callback").isZero();
            s.writable(); // the container's first callback, on its thread
            assertThat(writerWork).as("no writer thread asked").isEmpty();
            assertThat(out.text()).isEqualTo(":stream open\n\n");

            out.ready = false;
            s.offer(SseEvent.of(null, null, 1));
            runWriters(); // a writer finds the reader not reading and leaves
            assertThat(out.text()).isEqualTo(":stream open\n\n");
            out.ready = true;
            s.writable(); // the reader caught up: the callback writes, not a writer thread
            assertThat(writerWork).isEmpty();
            assertThat(out.text()).isEqualTo(":stream open\n\ndata:{\"v\":1}\n\n");
        }

        @Test
        void aReaderTooFarBehindIsDisconnectedRatherThanBuffered() {
            SseStream s = streams.queued(2);
            FakeOutput out = start(s);
            out.ready = false;
            assertThat(s.offer(SseEvent.of(null, null, 0))).isTrue();
            assertThat(s.offer(SseEvent.of(null, null, 1))).isTrue();
            assertThat(s.offer(SseEvent.of(null, null, 2))).as("the third event does not fit").isFalse();
            assertThat(out.completed).as("closing is a writer's job, not the offering thread's").isZero();
            runWriters();
            assertThat(s.isClosed()).isTrue();
            assertThat(out.completed).isEqualTo(1);
            assertThat(s.offer(SseEvent.of(null, null, 3))).as("a closed stream takes nothing").isFalse();
        }

        @Test
        void aStreamWhoseReaderDoesNotReadHoldsNoWriter() {
            SseStream s = streams.queued(100);
            FakeOutput out = start(s);
            runWriters();
            out.ready = false;
            s.offer(SseEvent.of(null, null, 1));
            runWriters();
            assertThat(writerWork).as("the writer left; the container calls back when the reader reads").isEmpty();
            out.ready = true;
            s.writable();
            runWriters();
            assertThat(out.text()).isEqualTo("data:{\"v\":1}\n\n");
        }

        @Test
        void eventsOfferedBeforeTheResponseStartsAreSentFirstAndInOrder() {
            SseStream s = streams.queued(10);
            s.offer(SseEvent.of(null, "watch", 1));
            s.offer(SseEvent.of(null, "watch", 2));
            FakeOutput out = start(s);
            runWriters();
            assertThat(out.text()).isEqualTo("event:watch\ndata:{\"v\":1}\n\nevent:watch\ndata:{\"v\":2}\n\n");
        }

        @Test
        void aFailedWriteClosesTheStreamAndRunsItsCloseActionOnce() {
            SseStream s = streams.queued(10);
            AtomicInteger closes = new AtomicInteger();
            s.onClose(closes::incrementAndGet);
            FakeOutput out = start(s);
            out.failing = true;
            s.offer(SseEvent.of(null, null, 1));
            runWriters();
            assertThat(s.isClosed()).isTrue();
            assertThat(closes).hasValue(1);
            assertThat(streams.openCount()).isZero();
        }
    }

    @Nested
    class Ring {
        @Test
        void publishingCostsTheSameWithAHundredFollowersAsWithOne() {
            SseRing ring = streams.ring(1000);
            for (int i = 0; i < 100; i++) {
                start(ring.follow(0, 1000));
            }
            runWriters();
            ring.publish(1, SseEvent.of("1", "E", 1));
            ring.publish(2, SseEvent.of("2", "E", 2));
            assertThat(writerWork).as("one sweep for the writers, not a task per stream").hasSize(1);
        }

        @Test
        void withNoFollowerPublishingHandsTheWritersNothingAndALaterFollowerStillGetsTheEvents() {
            SseRing ring = streams.ring(100);
            SseStream early = ring.follow(0, 100);
            ring.publish(1, SseEvent.of("1", null, 1));
            writerWork.clear();
            early.close();
            runWriters();
            ring.publish(2, SseEvent.of("2", null, 2));
            ring.publish(3, SseEvent.of("3", null, 3));
            assertThat(writerWork).as("nobody follows: no sweep").isEmpty();
            SseStream later = ring.follow(1, 100);
            ring.publish(4, SseEvent.of("4", null, 4));
            FakeOutput out = start(later);
            runWriters();
            assertThat(ids(out)).isEqualTo("2,3,4");
        }

        @Test
        void everyFollowerGetsTheEventsInOrderAndTheJsonIsMadeOnce() {
            AtomicInteger encodings = new AtomicInteger();
            SseStreams counting = new SseStreams(writerWork::add, keepAlive, Duration.ofHours(1), value -> {
                encodings.incrementAndGet();
                return ("{\"v\":" + value + "}").getBytes(StandardCharsets.UTF_8);
            });
            SseRing ring = counting.ring(100);
            FakeOutput a = new FakeOutput();
            FakeOutput b = new FakeOutput();
            SseStream sa = ring.follow(0, 100);
            SseStream sb = ring.follow(0, 100);
            counting.start(sa, a);
            counting.start(sb, b);
            sa.writable();
            sb.writable();
            for (long seq = 1; seq <= 3; seq++) {
                ring.publish(seq, SseEvent.of(Long.toString(seq), "E", seq));
            }
            runWriters();
            String expected = "id:1\nevent:E\ndata:{\"v\":1}\n\nid:2\nevent:E\ndata:{\"v\":2}\n\nid:3\nevent:E\ndata:{\"v\":3}\n\n";
            assertThat(a.text()).isEqualTo(expected);
            assertThat(b.text()).isEqualTo(expected);
            assertThat(encodings).hasValue(3);
        }

        @Test
        void aFollowerStartsAfterItsLastIdWithAtMostTheBacklogAskedFor() {
            SseRing ring = streams.ring(100);
            for (long seq = 1; seq <= 10; seq++) {
                ring.publish(seq, SseEvent.of(Long.toString(seq), null, seq));
            }
            FakeOutput resumed = start(ring.follow(7, 100));
            FakeOutput bounded = start(ring.follow(0, 2));
            FakeOutput live = start(ring.follow(Long.MAX_VALUE, 100));
            runWriters();
            assertThat(ids(resumed)).isEqualTo("8,9,10");
            assertThat(ids(bounded)).isEqualTo("9,10");
            assertThat(ids(live)).isEmpty();
        }

        @Test
        void aFollowerMoreThanTheRingBehindIsClosedWhenItsWriterComesBack() {
            SseRing ring = streams.ring(4);
            SseStream s = ring.follow(0, 4);
            FakeOutput out = start(s);
            out.ready = false;
            for (long seq = 1; seq <= 6; seq++) {
                ring.publish(seq, SseEvent.of(Long.toString(seq), null, seq));
            }
            runWriters();
            assertThat(s.isClosed()).isFalse();
            out.ready = true;
            s.writable();
            runWriters();
            assertThat(s.isClosed()).isTrue();
            assertThat(ring.followerCount()).isZero();
        }

        private String ids(FakeOutput out) {
            return String.join(",", out.text().lines().filter(l -> l.startsWith("id:")).map(l -> l.substring(3)).toList());
        }
    }

    @Nested
    class KeepAlive {
        @Test
        void anIdleStreamGetsACommentAtEveryTick() {
            SseStream s = streams.queued(10);
            FakeOutput out = start(s);
            streams.tick();
            runWriters();
            streams.tick();
            runWriters();
            assertThat(out.text()).isEqualTo(":keep-alive\n\n:keep-alive\n\n");
        }

        @Test
        void aReaderThatTakesNothingForTwoWholePeriodsWhileOutputWaitsIsClosed() {
            SseStream s = streams.queued(10);
            FakeOutput out = start(s);
            out.ready = false;
            s.offer(SseEvent.of(null, null, 1));
            runWriters();
            streams.tick(); // the stall is seen: it may have begun just before
            streams.tick(); // one whole period without a byte taken
            assertThat(s.isClosed()).isFalse();
            streams.tick(); // two whole periods
            runWriters();
            assertThat(s.isClosed()).isTrue();
            assertThat(out.completed).isEqualTo(1);
        }

        @Test
        void aReaderWhoseWritableCallbackComesLateIsNotClosedAsStalled() {
            // the failure seen on a loaded CI machine: with a 1 s period, the container's
            // "writable again" call came more than a period after the output blocked; the stream
            // was closed as stalled though its reader read, and the reader saw its stream end
            SseStream s = streams.queued(10);
            FakeOutput out = start(s);
            out.ready = false;
            s.offer(SseEvent.of(null, null, 1)); // just before a tick: nothing written since the last
            runWriters();
            streams.tick(); // the stall is seen
            streams.tick(); // one whole period (and a bit) later
            assertThat(s.isClosed()).as("blocked for one whole period only").isFalse();
            out.ready = true;
            s.writable(); // late, but before two whole periods
            runWriters();
            streams.tick();
            runWriters();
            assertThat(s.isClosed()).isFalse();
            assertThat(out.text()).isEqualTo("data:{\"v\":1}\n\n:keep-alive\n\n");
        }

        @Test
        void aStreamWhoseContainerNeverCallsBackIsWrittenAWholePeriodAfterItStarted() {
            SseStream s = streams.queued(10);
            s.comment("stream open");
            FakeOutput out = new FakeOutput();
            streams.start(s, out); // and the container's first "writable" call never comes
            streams.tick(); // may come just after the start: not yet a whole period
            runWriters();
            assertThat(out.writes).isZero();
            streams.tick();
            runWriters();
            assertThat(out.text()).isEqualTo(":stream open\n\n");
            streams.tick();
            runWriters();
            assertThat(out.text()).endsWith(":keep-alive\n\n");
            assertThat(s.isClosed()).isFalse();
        }

        @Test
        void aStreamWhoseOutputWaitsWithNoWriterIsHandedToOneByTheKeepAlive() {
            // a ring follower whose sweep never reached it (the sweep task lost): its output
            // waits, so it gets no keep-alive; the tick hands it to a writer rather than let it
            // stay silent for ever
            SseRing ring = streams.ring(10);
            SseStream s = ring.follow(0, 10);
            FakeOutput out = start(s);
            runWriters();
            ring.publish(1, SseEvent.of("1", null, 1));
            writerWork.clear();
            streams.tick();
            runWriters();
            assertThat(out.text()).isEqualTo("id:1\ndata:{\"v\":1}\n\n");
            streams.tick();
            runWriters();
            assertThat(out.text()).endsWith(":keep-alive\n\n");
        }
    }

    @Test
    void shutdownEndsEveryOpenStreamAndRunsItsCloseActionOnce() {
        SseStream a = streams.queued(4);
        SseStream b = streams.queued(4);
        AtomicInteger closes = new AtomicInteger();
        a.onClose(closes::incrementAndGet);
        b.onClose(closes::incrementAndGet);
        start(a);
        start(b);
        streams.closeAll();
        runWriters();
        streams.closeAll();
        runWriters();
        assertThat(a.isClosed()).isTrue();
        assertThat(b.isClosed()).isTrue();
        assertThat(closes).hasValue(2);
        assertThat(streams.openCount()).isZero();
    }

    /**
     * The container's error or completion callback for a stream comes just before it recycles the
     * response for another request. A write that failed on a writer thread may still be inside the
     * container then (Tomcat hands the error to a container thread before it keeps the exception in
     * the response), so the callback waits for that write to come back: else the exception landed in
     * the recycled response and cut off the next request it served (README changelog, 0.3.0).
     */
    @Test
    void theContainersErrorCallbackWaitsForAWriteStillInsideTheContainer() throws Exception {
        java.util.concurrent.CountDownLatch inFlush = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch releaseFlush = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean flushReturned = new java.util.concurrent.atomic.AtomicBoolean();
        FakeOutput out = new FakeOutput() {
            @Override
            public void flush() throws IOException {
                inFlush.countDown();
                try {
                    releaseFlush.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                flushReturned.set(true);
                throw new IOException("Broken pipe");
            }
        };
        SseStream s = streams.queued(10);
        streams.start(s, out);
        s.writable(); // nothing pending yet: no write
        s.comment("keep-alive");
        Thread writer = new Thread(this::runWriters, "writer");
        writer.start();
        assertThat(inFlush.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        java.util.concurrent.atomic.AtomicBoolean flushHadReturned = new java.util.concurrent.atomic.AtomicBoolean();
        Thread container = new Thread(() -> {
            s.failed("the container's error java.io.IOException: Broken pipe");
            flushHadReturned.set(flushReturned.get());
        }, "container");
        container.start();
        Thread.sleep(100);
        assertThat(container.isAlive()).as("the callback waits while the write is inside the container").isTrue();
        releaseFlush.countDown();
        container.join(5000);
        writer.join(5000);
        assertThat(flushHadReturned).as("the callback returned only after the write had").isTrue();
        assertThat(s.isClosed()).isTrue();
        assertThat(out.completed).isEqualTo(1);
    }

    @Test
    void aCommentIsOneLinePerLineOfItsText() {
        assertThat(new String(SseEvent.comment("a\nb").bytes(v -> new byte[0]), StandardCharsets.UTF_8))
                .isEqualTo(":a\n:b\n\n");
    }
}
