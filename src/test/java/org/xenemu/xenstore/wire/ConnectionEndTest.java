package org.xenemu.xenstore.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xenemu.xenstore.wire.WireTestClient.b;
import static org.xenemu.xenstore.wire.WireTestClient.s;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a conversation ends when the client breaks the protocol or stops sending: every request
 * that was executed is answered, then the connection closes. C xenstored handles one request at a
 * time and drops the connection when it reads a header with {@code len > 4096}
 * ({@code handle_input} → {@code ignore_connection}); xenemu reads many requests at once, so it
 * must not lose the replies of those before the bad header.
 */
@Timeout(30)
class ConnectionEndTest {
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

    private static byte[] header(int type, int reqId, long len) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
            .putInt(type).putInt(reqId).putInt(0).putInt((int) len).array();
    }

    @Test
    void requestsBeforeAnOversizedFrameInTheSameReadAreAnsweredThenTheConnectionCloses() throws IOException {
        try (WireTestClient c = new WireTestClient(xs.dom0Socket())) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(new Frame(XsType.WRITE, 1, 0, b("/ovr/x\0v1")).encode());
            all.writeBytes(new Frame(XsType.READ, 2, 0, b("/ovr/x\0")).encode());
            all.writeBytes(header(XsType.WRITE, 3, 5000));
            all.writeBytes(new Frame(XsType.WRITE, 4, 0, b("/ovr/never\0")).encode());
            c.sendRaw(all.toByteArray());

            assertThat(c.receive()).isEqualTo(new Frame(XsType.WRITE, 1, 0, b("OK\0")));
            assertThat(c.receive()).isEqualTo(new Frame(XsType.READ, 2, 0, b("v1")));
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(s(xs.admin.read(0, "/ovr/x"))).isEqualTo("v1");
        assertThat(xs.admin.directory(0, "/ovr")).containsExactly("x");
    }

    @Test
    void aConnectionClosedForAnOversizedFrameLosesItsWatchesAndTransactionsAtOnce() throws IOException {
        long watchesBefore = xs.store.quota(0).usage().get("watches");
        try (WireTestClient c = new WireTestClient(xs.dom0Socket())) {
            c.call(XsType.WATCH, 0, "/ovr\0tok\0");
            c.call(XsType.TRANSACTION_START, 0, "\0");
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(new Frame(XsType.READ, 1, 0, b("/ovr\0")).encode());
            all.writeBytes(header(XsType.READ, 2, 4097));
            c.sendRaw(all.toByteArray());
            assertThat(c.receive().reqId()).isEqualTo(1);
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(xs.store.quota(0).usage().get("watches")).isEqualTo(watchesBefore);
        assertThat(xs.store.quota(0).usage().get("transactions")).isZero();
    }

    @Test
    void requestsSentBeforeTheClientShutsItsWriteSideAreAnswered() throws IOException {
        try (WireTestClient c = new WireTestClient(xs.dom0Socket())) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int i = 0; i < 50; i++) {
                all.writeBytes(new Frame(XsType.WRITE, i, 0, b("/eof/" + i + "\0" + i)).encode());
            }
            c.sendRaw(all.toByteArray());
            c.channel.shutdownOutput();
            for (int i = 0; i < 50; i++) {
                assertThat(c.receive()).isEqualTo(new Frame(XsType.WRITE, i, 0, b("OK\0")));
            }
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void anOversizedFrameAfterManyLargeRepliesStillGetsThemAllWhileTheClientReads() throws IOException {
        String value = "v".repeat(4000);
        xs.admin.write(0, "/big", b(value));
        try (WireTestClient c = new WireTestClient(xs.dom0Socket())) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int i = 0; i < 300; i++) {
                all.writeBytes(new Frame(XsType.READ, i, 0, b("/big\0")).encode());
            }
            all.writeBytes(header(XsType.READ, 300, 1 << 20));
            c.sendRaw(all.toByteArray());
            for (int i = 0; i < 300; i++) {
                Frame r = c.receive();
                assertThat(r.reqId()).isEqualTo(i);
                assertThat(r.payload()).hasSize(4000);
            }
            assertThat(c.closedByServer()).isTrue();
        }
    }
}
