package org.xenemu.xenstore.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xenemu.xenstore.wire.WireTestClient.b;
import static org.xenemu.xenstore.wire.WireTestClient.s;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: 25,000 INTRODUCEs of made-up domids each got a guest socket and an OK, until the
 * service could accept nothing. With {@code xenemu.xenstore.max-introduced-domains} the ones past
 * the bound are ERROR ENOMEM, get no socket, and the dom0 socket keeps serving.
 */
@Timeout(60)
class IntroduceFloodTest {
    private static final int MAX = 40;
    private static final int FLOOD = 500;

    @TempDir
    Path runDir;
    RealStoreFixture xs;

    @BeforeEach
    void start() {
        xs = new RealStoreFixture(runDir, WireLimits.DEFAULT, MAX);
    }

    @AfterEach
    void stop() {
        xs.close();
    }

    private long guestSockets() throws IOException {
        Path domains = runDir.resolve("domains");
        if (!Files.isDirectory(domains)) {
            return 0;
        }
        try (Stream<Path> dirs = Files.list(domains)) {
            return dirs.filter(d -> Files.exists(d.resolve("socket"))).count();
        }
    }

    @Test
    void introducesPastTheBoundAreEnomemAndGetNoSocket() throws IOException {
        try (WireTestClient dom0 = new WireTestClient(xs.dom0Socket())) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int i = 1; i <= FLOOD; i++) {
                all.writeBytes(new Frame(XsType.INTRODUCE, i, 0, b((100 + i) + "\0" + "1\0" + "1\0")).encode());
            }
            dom0.sendRaw(all.toByteArray());
            for (int i = 1; i <= FLOOD; i++) {
                Frame reply = dom0.reply();
                assertThat(reply.reqId()).isEqualTo(i);
                assertThat(reply).as("INTRODUCE %d", i).isEqualTo(i <= MAX
                    ? new Frame(XsType.INTRODUCE, i, 0, b("OK\0")) : new Frame(XsType.ERROR, i, 0, b("ENOMEM\0")));
            }
            Eventually.within(Duration.ofSeconds(20), MAX + " guest sockets", () -> {
                try {
                    return guestSockets() == MAX;
                } catch (IOException e) {
                    return false;
                }
            });
            assertThat(s(dom0.call(XsType.IS_DOMAIN_INTRODUCED, 0, (100 + MAX + 1) + "\0").payload())).isEqualTo("F\0");
            assertThat(dom0.call(XsType.RELEASE, 0, "101\0").type()).isEqualTo(XsType.RELEASE);
            assertThat(s(dom0.call(XsType.INTRODUCE, 0, "9999\0" + "1\0" + "1\0").payload())).isEqualTo("OK\0");
        }
        assertThat(guestSockets()).isLessThanOrEqualTo(MAX);
        try (WireTestClient again = new WireTestClient(xs.dom0Socket())) {
            assertThat(again.call(XsType.READ, 0, "/local/domain/0/name\0").type()).isEqualTo(XsType.READ);
        }
    }
}
