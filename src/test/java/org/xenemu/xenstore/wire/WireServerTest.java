package org.xenemu.xenstore.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.xenemu.xenstore.wire.WireTestClient.b;
import static org.xenemu.xenstore.wire.WireTestClient.s;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The socket server on a stand-in store: framing, ordering, identities, lifecycle, abuse. */
class WireServerTest {
    @TempDir
    Path runDir;
    FakeXenstore store;
    WireService service;

    @BeforeEach
    void start() {
        store = new FakeXenstore();
        service = new WireService(store, runDir, new WireLimits(16 * 1024, 64 * 1024), 2);
        service.start();
    }

    @AfterEach
    void stop() {
        service.stop();
    }

    WireTestClient dom0() throws IOException {
        return new WireTestClient(service.socketPath());
    }

    @Nested
    class Protocol {
        @Test
        void pipelinedRequestsAreAnsweredInRequestOrder() throws IOException {
            try (WireTestClient c = dom0()) {
                ByteBuffer all = ByteBuffer.allocate(200 * 64);
                for (int i = 1; i <= 200; i++) {
                    Frame f = i % 2 == 0 ? new Frame(XsType.READ, i, 0, b("/k\0"))
                        : new Frame(XsType.WRITE, i, 0, b("/k\0v" + i));
                    all.put(f.encode());
                }
                c.sendRaw(java.util.Arrays.copyOf(all.array(), all.position()));
                for (int i = 1; i <= 200; i++) {
                    Frame r = c.receive();
                    assertThat(r.reqId()).isEqualTo(i);
                    assertThat(s(r.payload())).isEqualTo(i % 2 == 0 ? "v" + (i - 1) : "OK\0");
                }
            }
        }

        @Test
        void watchAnswersOkThenTheInitialEventWithZeroIds() throws IOException {
            try (WireTestClient c = dom0()) {
                c.send(XsType.WATCH, 42, 0, "/w\0tok\0");
                assertThat(c.receive()).isEqualTo(new Frame(XsType.WATCH, 42, 0, b("OK\0")));
                assertThat(c.receive()).isEqualTo(new Frame(XsType.WATCH_EVENT, 0, 0, b("/w\0tok\0")));
                try (WireTestClient other = dom0()) {
                    other.call(XsType.WRITE, 0, "/w/x\0");
                }
                assertThat(c.receive()).isEqualTo(new Frame(XsType.WATCH_EVENT, 0, 0, b("/w/x\0tok\0")));
            }
        }

        @Test
        void dom0SocketResolvesRelativePathsUnderDomainZero() throws IOException {
            try (WireTestClient c = dom0()) {
                c.call(XsType.WRITE, 0, "name\0Domain-0");
                assertThat(store.nodes).containsKey("/local/domain/0/name");
            }
        }

        @Test
        void closingTheSocketClosesTheStoreConnection() throws IOException {
            int before = store.conns.size();
            try (WireTestClient c = dom0()) {
                c.call(XsType.WATCH, 0, "/w\0t\0");
                assertThat(store.conns).hasSize(before + 1);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> store.conns.size() == before);
        }
    }

    @Nested
    class GuestSockets {
        @Test
        void guestSocketExistsWhileTheDomainIsIntroduced() throws IOException {
            Path guest = service.domainSocketPath(5);
            assertThat(guest).doesNotExist();
            try (WireTestClient c = dom0()) {
                assertThat(c.call(XsType.INTRODUCE, 0, "5\0" + "1\0" + "2\0").type()).isEqualTo(XsType.INTRODUCE);
                await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(guest));
                try (WireTestClient g = new WireTestClient(guest)) {
                    g.call(XsType.WRITE, 0, "data/x\0" + "1");
                    assertThat(store.nodes).containsKey("/local/domain/5/data/x");
                    assertThat(s(g.call(XsType.INTRODUCE, 0, "6\0" + "1\0" + "2\0").payload())).isEqualTo("EACCES\0");
                    c.call(XsType.RELEASE, 0, "5\0");
                    await().atMost(Duration.ofSeconds(5)).until(() -> !Files.exists(guest));
                    assertThat(g.closedByServer()).isTrue();
                }
            }
        }
    }

    @Nested
    class Abuse {
        @Test
        void oversizedRequestClosesOnlyThatConnection() throws IOException {
            try (WireTestClient bad = dom0(); WireTestClient good = dom0()) {
                ByteBuffer h = ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                h.putInt(XsType.WRITE).putInt(0).putInt(0).putInt(4097);
                bad.sendRaw(h.array());
                assertThat(bad.closedByServer()).isTrue();
                assertThat(good.call(XsType.WRITE, 0, "/ok\0").type()).isEqualTo(XsType.WRITE);
            }
        }

        @Test
        void halfFrameThenCloseIsHarmless() throws IOException {
            try (WireTestClient half = dom0()) {
                half.sendRaw(java.util.Arrays.copyOf(new Frame(XsType.WRITE, 0, 0, b("/half\0v")).encode(), 20));
            }
            try (WireTestClient good = dom0()) {
                assertThat(good.call(XsType.READ, 0, "/half\0").type()).isEqualTo(XsType.ERROR);
            }
        }

        @Test
        void clientThatStopsReadingIsDisconnectedWithoutHurtingOthers() throws IOException {
            try (WireTestClient slow = dom0(); WireTestClient writer = dom0()) {
                slow.call(XsType.WATCH, 0, "/\0all\0");
                String big = "x".repeat(1000);
                for (int i = 0; i < 2000; i++) {
                    writer.call(XsType.WRITE, 0, "/flood/" + big.substring(0, 100) + "/" + i + "\0" + big);
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> service.connectionCount() == 1);
                assertThat(writer.call(XsType.READ, 0, "/flood/" + big.substring(0, 100) + "/1\0").payload()).hasSize(1000);
            }
        }

        @Test
        void randomAndTruncatedFramesNeverHurtOtherClients() throws IOException {
            Random random = new Random(42);
            for (int round = 0; round < 200; round++) {
                try (WireTestClient fuzz = dom0()) {
                    int kind = random.nextInt(3);
                    byte[] bytes;
                    if (kind == 0) {
                        bytes = new byte[random.nextInt(200)];
                        random.nextBytes(bytes);
                    } else {
                        byte[] payload = new byte[random.nextInt(64)];
                        random.nextBytes(payload);
                        bytes = new Frame(random.nextInt(30), random.nextInt(), random.nextInt(3), payload).encode();
                        if (kind == 2) {
                            bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
                        }
                    }
                    fuzz.sendRaw(bytes);
                }
            }
            try (WireTestClient good = dom0()) {
                assertThat(good.call(XsType.WRITE, 0, "/after\0fuzz").type()).isEqualTo(XsType.WRITE);
                assertThat(s(good.call(XsType.READ, 0, "/after\0").payload())).isEqualTo("fuzz");
            }
        }

        @Test
        void aThousandConcurrentConnectionsAreServed() throws IOException {
            List<WireTestClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 1000; i++) {
                    WireTestClient c = dom0();
                    clients.add(c);
                    c.send(XsType.WRITE, i, 0, "/many/" + i + "\0" + i);
                }
                for (int i = 0; i < 1000; i++) {
                    assertThat(clients.get(i).receive().reqId()).isEqualTo(i);
                }
                assertThat(service.connectionCount()).isEqualTo(1000);
            } finally {
                for (WireTestClient c : clients) {
                    c.close();
                }
            }
        }
    }

    @Nested
    class Lifecycle {
        @Test
        void staleSocketFileIsReplacedAndShutdownRemovesIt() throws IOException {
            service.stop();
            Files.writeString(service.socketPath(), "stale");
            service.start();
            try (WireTestClient c = dom0()) {
                assertThat(c.call(XsType.READ, 0, "/\0").type()).isEqualTo(XsType.READ);
            }
            service.stop();
            assertThat(service.socketPath()).doesNotExist();
        }
    }
}
