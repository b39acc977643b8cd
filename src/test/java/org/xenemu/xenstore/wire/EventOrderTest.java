package org.xenemu.xenstore.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xenemu.xenstore.wire.WireTestClient.b;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where watch events go among a connection's replies, frame by frame as C xenstored 4.17.7 sends
 * them (tools/real-xenstored): the events a request fires on its own connection come before its
 * reply; WATCH's initial event comes after its OK.
 */
@Timeout(30)
class EventOrderTest {
    @TempDir
    Path runDir;
    RealStoreFixture xs;
    WireTestClient c;

    @BeforeEach
    void start() throws IOException {
        xs = new RealStoreFixture(runDir);
        c = new WireTestClient(xs.dom0Socket());
    }

    @AfterEach
    void stop() throws IOException {
        c.close();
        xs.close();
    }

    private static Frame event(String path) {
        return Frame.watchEvent(path, "tok");
    }

    @Test
    void watchAnswersOkBeforeItsInitialEvent() throws IOException {
        c.send(XsType.WATCH, 9, 0, "/ord\0tok\0");
        assertThat(c.receive()).isEqualTo(new Frame(XsType.WATCH, 9, 0, b("OK\0")));
        assertThat(c.receive()).isEqualTo(event("/ord"));
    }

    @Test
    void eventsARequestFiresOnItsOwnConnectionPrecedeItsReplyAsC() throws IOException {
        c.call(XsType.WATCH, 0, "/ord\0tok\0");
        assertThat(c.receive()).isEqualTo(event("/ord"));
        c.send(XsType.WRITE, 9, 0, "/ord/x\0" + "1");
        assertThat(c.receive()).isEqualTo(event("/ord/x"));
        assertThat(c.receive()).isEqualTo(new Frame(XsType.WRITE, 9, 0, b("OK\0")));

        c.send(XsType.TRANSACTION_START, 9, 0, "\0");
        int tx = Integer.parseInt(WireTestClient.s(c.receive().payload()).replace("\0", ""));
        c.send(XsType.WRITE, 9, tx, "/ord/y\0" + "1");
        assertThat(c.receive()).isEqualTo(new Frame(XsType.WRITE, 9, tx, b("OK\0")));
        c.send(XsType.TRANSACTION_END, 9, tx, "T\0");
        assertThat(c.receive()).isEqualTo(event("/ord/y"));
        assertThat(c.receive()).isEqualTo(new Frame(XsType.TRANSACTION_END, 9, tx, b("OK\0")));

        c.send(XsType.RM, 9, 0, "/ord\0");
        assertThat(c.receive()).isEqualTo(event("/ord"));
        assertThat(c.receive()).isEqualTo(new Frame(XsType.RM, 9, 0, b("OK\0")));
    }
}
