package org.xenemu.xenstore.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AcceptGate}: after accept fails (out of file descriptors) the server stops accepting for
 * the backoff instead of retrying as fast as the loop turns, logs the episode once, and serves
 * again once accept works. Accept is made to fail here; {@code FdExhaustionTest} runs out of
 * file descriptors for real.
 */
@Timeout(30)
class AcceptBackoffTest {
    private static final int BACKOFF_MILLIS = 150;
    private static final int FAILURES = 3;

    @TempDir
    Path runDir;
    WireServer server;
    final AtomicInteger attempts = new AtomicInteger();
    final AtomicInteger failuresLeft = new AtomicInteger(FAILURES);

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Path listen() throws IOException {
        server = new WireServer(new FakeXenstore(), WireLimits.DEFAULT.withAcceptBackoffMillis(BACKOFF_MILLIS), 1, s -> {
            attempts.incrementAndGet();
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IOException("Too many open files");
            }
            return s.accept();
        });
        Path socket = runDir.resolve("socket");
        server.listen(socket, 0, true);
        return socket;
    }

    @Test
    void afterAcceptFailsTheServerWaitsTheBackoffBeforeTryingAgainInsteadOfSpinning() throws IOException {
        Path socket = listen();
        long start = System.nanoTime();
        try (WireTestClient c = new WireTestClient(socket)) {
            assertThat(c.call(XsType.READ, 0, "/\0").type()).isEqualTo(XsType.READ); // waits in the backlog
        }
        long elapsedMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertThat(elapsedMillis).as("three failures, each followed by a pause").isGreaterThanOrEqualTo(FAILURES * BACKOFF_MILLIS);
        assertThat(attempts.get()).as("accept attempts: the failures, the success, the empty backlog")
            .isBetween(FAILURES + 1, FAILURES + 2);
    }

    @Test
    void anEpisodeOfFailedAcceptsIsLoggedOnceWhenItStartsAndOnceWhenItEnds() throws Exception {
        try (LogCapture log = new LogCapture(AcceptGate.class)) {
            Path socket = listen();
            try (WireTestClient c = new WireTestClient(socket)) {
                assertThat(c.call(XsType.READ, 0, "/\0").type()).isEqualTo(XsType.READ);
            }
            assertThat(log.lines()).hasSize(1);
            log.awaitLines(2, Duration.ofSeconds(10)); // the end of the episode, after a quiet period
            assertThat(log.lines().get(0)).startsWith("WARN xenstore sockets cannot accept (Too many open files on ")
                .endsWith("pausing accepts for 150 ms at a time until it works");
            assertThat(log.lines().get(1))
                .isEqualTo("INFO xenstore sockets accept again: no failure for 1500 ms, 3 failed attempts in all");
            assertThat(log.withStackTraces()).isZero();
        }
    }

    @Test
    void everyListeningSocketPausesAndResumesTogether() throws IOException {
        Path dom0 = listen();
        Path guest = runDir.resolve("domains/7/socket");
        server.listen(guest, 7, false);
        try (WireTestClient g = new WireTestClient(guest); WireTestClient d = new WireTestClient(dom0)) {
            assertThat(g.call(XsType.READ, 0, "/\0").type()).isIn(XsType.READ, XsType.ERROR);
            assertThat(d.call(XsType.READ, 0, "/\0").type()).isEqualTo(XsType.READ);
        }
        Eventually.within(Duration.ofSeconds(5), "both served", () -> server.connectionCount() == 0);
        assertThat(attempts.get()).isLessThanOrEqualTo(FAILURES + 4);
    }
}
