package org.xenemu.xenstore.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link WireLimits}: connections per listening socket. Issue 18: 20,200 connections from one
 * guest filled the process's file descriptors and the dom0 socket stopped accepting. Past its
 * limit a socket accepts and closes at once, so the client sees end-of-file on its first read.
 */
@Timeout(60)
class ConnectionLimitTest {
    private static final int DOM0_LIMIT = 6;
    private static final int GUEST_LIMIT = 3;

    @TempDir
    Path runDir;
    RealStoreFixture xs;
    final List<WireTestClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        xs = new RealStoreFixture(runDir, WireLimits.DEFAULT.withConnections(DOM0_LIMIT, GUEST_LIMIT));
    }

    @AfterEach
    void stop() throws IOException {
        for (WireTestClient c : clients) {
            c.close();
        }
        xs.close();
    }

    private WireTestClient open(Path socket) throws IOException {
        WireTestClient c = new WireTestClient(socket);
        clients.add(c);
        return c;
    }

    private Path guest() {
        Path socket = xs.createGuest(5, "g");
        Eventually.within(Duration.ofSeconds(10), "guest socket " + socket, () -> socket.toFile().exists());
        return socket;
    }

    /** A request on a connection past the limit: its write may already fail, its read sees end-of-file. */
    private static boolean closedAtOnce(WireTestClient c) throws IOException {
        try {
            c.send(XsType.READ, 0, 0, "name\0");
        } catch (IOException e) {
            return true; // EPIPE: the server closed it before the request went out
        }
        return c.closedByServer();
    }

    private static boolean served(WireTestClient c) throws IOException {
        return c.call(XsType.READ, 0, "name\0").type() == XsType.READ;
    }

    @Test
    void aGuestSocketServesItsLimitAndClosesFurtherConnectionsAtOnce() throws IOException {
        Path socket = guest();
        for (int i = 0; i < GUEST_LIMIT; i++) {
            assertThat(served(open(socket))).isTrue();
        }
        assertThat(closedAtOnce(open(socket))).as("connection past the guest limit").isTrue();
        for (int i = 0; i < GUEST_LIMIT; i++) {
            assertThat(served(clients.get(i))).isTrue();
        }
    }

    /** What a client sees past the limit: libxenstore's tools fail at once rather than hang. */
    @Test
    void xenstoreReadPastTheGuestLimitFailsAtOnce() throws Exception {
        RealClients.assumeXenstoreUtils();
        Path socket = guest();
        for (int i = 0; i < GUEST_LIMIT; i++) {
            assertThat(served(open(socket))).isTrue();
        }
        RealClients.Result r = RealClients.run(socket, 20, "xenstore-read", "name");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("couldn't read path name");
        clients.remove(0).close();
        Eventually.within(Duration.ofSeconds(10), "the server noticing the close",
            () -> xs.service.connectionCount() == GUEST_LIMIT - 1);
        assertThat(RealClients.run(socket, 20, "xenstore-read", "name").stdout()).isEqualTo("g\n");
    }

    @Test
    void aGuestFloodNeitherGrowsTheServerNorStopsTheDom0Socket() throws IOException {
        Path socket = guest();
        for (int i = 0; i < 1000; i++) {
            open(socket); // and held open
        }
        assertThat(served(open(xs.dom0Socket()))).isTrue();
        assertThat(xs.service.connectionCount()).isLessThanOrEqualTo(GUEST_LIMIT + 1);
        assertThat(clients.subList(GUEST_LIMIT, 1000).stream().filter(c -> {
            try {
                return !c.closedByServer();
            } catch (IOException e) {
                return false;
            }
        })).as("flood connections the guest socket kept").isEmpty();
    }

    @Test
    void aConnectionSlotIsFreeAgainOnceAClientHasClosed() throws IOException {
        Path socket = guest();
        for (int i = 0; i < GUEST_LIMIT; i++) {
            assertThat(served(open(socket))).isTrue();
        }
        clients.remove(0).close();
        Eventually.within(Duration.ofSeconds(10), "the server noticing the close",
            () -> xs.service.connectionCount() == GUEST_LIMIT - 1);
        assertThat(served(open(socket))).isTrue();
    }

    @Test
    void theDom0SocketHasItsOwnLimitIndependentOfTheGuests() throws IOException {
        Path socket = guest();
        for (int i = 0; i < GUEST_LIMIT; i++) {
            assertThat(served(open(socket))).isTrue();
        }
        for (int i = 0; i < DOM0_LIMIT; i++) {
            assertThat(served(open(xs.dom0Socket()))).as("dom0 connection %d", i).isTrue();
        }
        assertThat(closedAtOnce(open(xs.dom0Socket()))).as("connection past the dom0 limit").isTrue();
    }

    @Test
    void refusedConnectionsAreLoggedOncePerEpisodeWithoutStackTraces() throws IOException {
        Path socket = guest();
        try (LogCapture log = new LogCapture(WireServer.class)) {
            for (int i = 0; i < GUEST_LIMIT; i++) {
                assertThat(served(open(socket))).isTrue();
            }
            for (int i = 0; i < 50; i++) {
                assertThat(closedAtOnce(open(socket))).isTrue();
            }
            assertThat(log.lines()).hasSize(1);
            assertThat(log.lines().get(0)).startsWith("WARN domain 5's xenstore socket has 3 connections")
                .contains("xenemu.wire.guest-max-connections");
            assertThat(log.withStackTraces()).isZero();
        }
    }
}
