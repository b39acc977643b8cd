package org.xenemu.xenstore.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random, malformed and truncated frames at the socket with the real store behind it: every
 * request still gets exactly one reply of its own type or ERROR, never EIO (an internal failure),
 * and other clients keep being served.
 */
class WireFuzzTest {
    private static final String[] PIECES = {"/f", "/f/a", "/f/a/b", "rel", "rel/x", "@introduceDomain",
        "@releaseDomain", "/", "", "//", "/f/", "0", "1", "5", "-1", "abc", "4096", "T", "F", "n0", "r5", "b3",
        "w0", "x9", "help", "quota", "\u00ff", "a b"};

    @TempDir
    Path runDir;
    RealStoreFixture xs;

    @BeforeEach
    void start() {
        xs = new RealStoreFixture(runDir);
    }

    @AfterEach
    void stop() {
        xs.close();
    }

    private static byte[] randomPayload(Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int parts = r.nextInt(5);
        for (int i = 0; i < parts; i++) {
            if (r.nextInt(8) == 0) {
                byte[] junk = new byte[r.nextInt(20)];
                r.nextBytes(junk);
                out.writeBytes(junk);
            } else {
                out.writeBytes(PIECES[r.nextInt(PIECES.length)].getBytes(StandardCharsets.ISO_8859_1));
            }
            if (r.nextInt(6) != 0) {
                out.write(0);
            }
        }
        return out.toByteArray();
    }

    @Test
    void wellFramedGarbageAlwaysGetsOneProperReplyAndNeverEio() throws IOException {
        Random r = new Random(7);
        for (int conn = 0; conn < 20; conn++) {
            try (WireTestClient c = new WireTestClient(xs.dom0Socket())) {
                List<Frame> sent = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    long tx = r.nextInt(4) == 0 ? r.nextInt(3) : 0;
                    Frame f = new Frame(r.nextInt(27), i, (int) tx, randomPayload(r));
                    sent.add(f);
                    c.send(f);
                }
                for (Frame f : sent) {
                    Frame reply = c.reply();
                    assertThat(reply.reqId()).as("reply order for %s", f).isEqualTo(f.reqId());
                    assertThat(reply.type()).as("reply to %s", f).isIn(f.type(), XsType.ERROR);
                    assertThat(WireTestClient.s(reply.payload())).as("reply to %s", f).isNotEqualTo("EIO\0");
                }
            }
        }
        assertOthersAreServed();
    }

    @Test
    void truncatedFramesAndRawBytesNeverHurtOtherClients() throws IOException {
        Random r = new Random(11);
        try (WireTestClient bystander = new WireTestClient(xs.dom0Socket())) {
            bystander.call(XsType.WATCH, 0, "/f\0tok\0");
            for (int i = 0; i < 300; i++) {
                try (WireTestClient c = new WireTestClient(xs.dom0Socket())) {
                    byte[] bytes = new Frame(r.nextInt(27), r.nextInt(), r.nextInt(2), randomPayload(r)).encode();
                    if (r.nextBoolean()) {
                        bytes = java.util.Arrays.copyOf(bytes, r.nextInt(bytes.length));
                    } else {
                        r.nextBytes(bytes);
                    }
                    c.sendRaw(bytes);
                }
            }
            assertThat(bystander.call(XsType.WRITE, 0, "/f/still\0ok").type()).isEqualTo(XsType.WRITE);
        }
        assertOthersAreServed();
    }

    @Test
    void watcherThatStopsReadingIsDisconnectedAndLosesItsWatchWhileOthersAreServed() throws Exception {
        try (WireTestClient slow = new WireTestClient(xs.dom0Socket());
             WireTestClient writer = new WireTestClient(xs.dom0Socket())) {
            long watchesBefore = xs.store.quota(0).usage().get("watches"); // the guest-socket watcher's two
            slow.call(XsType.WATCH, 0, "/flood\0slow\0");
            // a round trip each, so both are the server's connections before the count is read: a
            // connect returns once the kernel queued it, before the server has accepted it (the
            // flood below would otherwise be skipped with the writer not yet counted)
            assertThat(writer.call(XsType.WRITE, 0, "/ready\0y").type()).isEqualTo(XsType.WRITE);
            assertThat(xs.service.connectionCount()).as("slow and writer").isEqualTo(2);
            String name = "/flood/" + "n".repeat(120) + "/";
            for (int batch = 0; batch < 2000 && xs.service.connectionCount() > 1; batch++) {
                for (int i = 0; i < 100; i++) {
                    writer.send(XsType.WRITE, i, 0, name + (batch * 100 + i) + "\0v");
                }
                for (int i = 0; i < 100; i++) {
                    assertThat(writer.receive().type()).isEqualTo(XsType.WRITE);
                }
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> xs.service.connectionCount() == 1);
            assertThat(xs.store.quota(0).usage().get("watches")).isEqualTo(watchesBefore);
            assertThat(writer.call(XsType.READ, 0, name + "1\0").type()).isEqualTo(XsType.READ);
        }
    }

    @Test
    void aThousandConcurrentConnectionsWithAWatchEachAreServed() throws IOException {
        List<WireTestClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                WireTestClient c = new WireTestClient(xs.dom0Socket());
                clients.add(c);
                c.send(XsType.WATCH, i, 0, "/many\0w" + i + "\0");
            }
            for (WireTestClient c : clients) {
                assertThat(c.receive().type()).isEqualTo(XsType.WATCH);
                assertThat(c.receive().type()).isEqualTo(XsType.WATCH_EVENT);
            }
            try (WireTestClient writer = new WireTestClient(xs.dom0Socket())) {
                writer.call(XsType.WRITE, 0, "/many/x\0" + "1");
            }
            for (int i = 0; i < 1000; i++) {
                assertThat(clients.get(i).receive()).isEqualTo(Frame.watchEvent("/many/x", "w" + i));
            }
            assertThat(xs.service.connectionCount()).isGreaterThanOrEqualTo(1000);
        } finally {
            for (WireTestClient c : clients) {
                c.close();
            }
        }
    }

    private void assertOthersAreServed() throws IOException {
        try (WireTestClient good = new WireTestClient(xs.dom0Socket())) {
            assertThat(good.call(XsType.WRITE, 0, "/after\0fuzz").type()).isEqualTo(XsType.WRITE);
            assertThat(WireTestClient.s(good.call(XsType.READ, 0, "/after\0").payload())).isEqualTo("fuzz");
        }
    }
}
