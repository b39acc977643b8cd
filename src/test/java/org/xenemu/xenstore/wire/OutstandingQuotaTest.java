package org.xenemu.xenstore.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/xenstore.md "Quotas": {@code outstanding} (20). On C xenstored a domain whose 20 replies and
 * events wait unsent is not read any further ({@code domain_can_read}), without an error; on a
 * guest socket xenemu does the same. The pause threshold is set high here, so only the quota can
 * stop a client that pipelines requests without reading its replies.
 */
@org.junit.jupiter.api.Timeout(120)
class OutstandingQuotaTest {
    private static final int REQUESTS = 30_000;
    private static final String NODE = "/local/domain/5/data/k";

    @TempDir
    Path runDir;
    RealStoreFixture xs;

    @BeforeEach
    void start() {
        xs = new RealStoreFixture(runDir, new WireLimits(8 * 1024 * 1024, 16 * 1024 * 1024));
    }

    @AfterEach
    void stop() {
        xs.close();
    }

    /** REQUESTS writes of the same node with the values 0, 1, ... as one byte stream. */
    private static byte[] flood() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < REQUESTS; i++) {
            all.writeBytes(new Frame(XsType.WRITE, i, 0, (NODE + "\0" + i).getBytes(StandardCharsets.US_ASCII)).encode());
        }
        return all.toByteArray();
    }

    private long lastWritten() {
        return Long.parseLong(new String(xs.admin.read(0, NODE), StandardCharsets.US_ASCII));
    }

    private static Thread sendInBackground(WireTestClient client, byte[] bytes) {
        Thread t = new Thread(() -> {
            try {
                client.sendRaw(bytes); // blocks while the server does not read
            } catch (IOException e) {
                // the test closed the connection
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void guestThatDoesNotReadItsRepliesIsNotReadEitherUntilItCatchesUp() throws Exception {
        Path guestSocket = xs.createGuest(5, "g");
        xs.admin.write(0, NODE, "start".getBytes(StandardCharsets.US_ASCII));
        xs.admin.setPerms(0, NODE, java.util.List.of("n5"));
        await().atMost(Duration.ofSeconds(5)).until(() -> java.nio.file.Files.exists(guestSocket));
        try (WireTestClient guest = new WireTestClient(guestSocket)) {
            Thread sender = sendInBackground(guest, flood());
            await().atMost(Duration.ofSeconds(30)).until(() -> !"start".equals(new String(xs.admin.read(0, NODE))));
            long[] seen = {-1};
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                long now = lastWritten();
                boolean stable = now == seen[0];
                seen[0] = now;
                return stable;
            });
            assertThat(seen[0]).as("requests handled while the guest read nothing").isLessThan(REQUESTS - 1);

            for (int i = 0; i < REQUESTS; i++) { // reading the replies lets the server go on, no error, no close
                Frame reply = guest.receive();
                assertThat(reply.type()).isEqualTo(XsType.WRITE);
                assertThat(reply.reqId()).isEqualTo(i);
            }
            sender.join(10_000);
            assertThat(lastWritten()).isEqualTo(REQUESTS - 1);
        }
    }

    @Test
    void dom0IsNotLimitedByTheOutstandingQuota() throws Exception {
        try (WireTestClient dom0 = new WireTestClient(xs.dom0Socket())) {
            Thread sender = sendInBackground(dom0, flood());
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                byte[] v = readOrNull();
                return v != null && new String(v, StandardCharsets.US_ASCII).equals(Integer.toString(REQUESTS - 1));
            });
            sender.join(10_000);
            assertThat(sender.isAlive()).isFalse();
        }
    }

    private byte[] readOrNull() {
        try {
            return xs.admin.read(0, NODE);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
