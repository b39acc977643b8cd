package org.xenemu.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

class SseStreamTest {
    /** Drains nothing until told: what a sender pool too busy to reach a stream looks like. */
    final List<Runnable> pendingDrains = new ArrayList<>();
    final ThreadPoolTaskScheduler keepAlive = new ThreadPoolTaskScheduler();
    final SseStreams streams;

    SseStreamTest() {
        keepAlive.initialize();
        streams = new SseStreams(pendingDrains::add, keepAlive, Duration.ofHours(1));
    }

    @AfterEach
    void stop() {
        keepAlive.shutdown();
    }

    @Test
    void shutdownEndsEveryOpenStreamAndRunsItsCloseActionOnce() {
        SseStream a = streams.open(4);
        SseStream b = streams.open(4);
        AtomicInteger closes = new AtomicInteger();
        a.onClose(closes::incrementAndGet);
        b.onClose(closes::incrementAndGet);
        streams.closeAll();
        streams.closeAll();
        assertThat(a.isClosed()).isTrue();
        assertThat(b.isClosed()).isTrue();
        assertThat(closes).hasValue(2);
        assertThat(streams.openCount()).isZero();
    }

    @Test
    void aReaderTooFarBehindIsDisconnectedRatherThanBuffered() {
        SseStream s = streams.open(2);
        assertThat(s.offer(SseEmitter.event().data(0))).isTrue();
        assertThat(s.offer(SseEmitter.event().data(1))).isTrue();
        assertThat(pendingDrains).as("one drain queued for the stream, however many items wait").hasSize(1);
        assertThat(s.offer(SseEmitter.event().data(2))).as("the third item does not fit").isFalse();
        assertThat(s.isClosed()).isTrue();
        assertThat(s.offer(SseEmitter.event().data(3))).as("a closed stream takes nothing").isFalse();
    }
}
