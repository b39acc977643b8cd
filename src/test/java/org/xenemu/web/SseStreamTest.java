package org.xenemu.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

class SseStreamTest {
    @Test
    void shutdownEndsEveryOpenStreamAndRunsItsCloseActionOnce() {
        SseStream a = new SseStream(4, Duration.ofHours(1));
        SseStream b = new SseStream(4, Duration.ofHours(1));
        AtomicInteger closes = new AtomicInteger();
        a.onClose(closes::incrementAndGet);
        b.onClose(closes::incrementAndGet);
        SseStream.closeAll();
        SseStream.closeAll();
        assertThat(a.isClosed()).isTrue();
        assertThat(b.isClosed()).isTrue();
        assertThat(closes).hasValue(2);
    }

    @Test
    void aReaderTooFarBehindIsDisconnectedRatherThanBuffered() {
        SseStream s = new SseStream(2, Duration.ofHours(1));
        boolean accepted = true;
        // An emitter not yet attached to a response takes sends at once, so the sender thread may
        // keep up with a few offers (it did, once in CI); it cannot keep up with a tight loop.
        for (int i = 0; i < 1_000_000 && accepted; i++) {
            accepted = s.offer(SseEmitter.event().data(i));
        }
        assertThat(accepted).isFalse();
        assertThat(s.isClosed()).isTrue();
    }
}
