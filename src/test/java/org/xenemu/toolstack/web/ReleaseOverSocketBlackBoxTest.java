package org.xenemu.toolstack.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.xenemu.web.ProblemAssertions.assertProblem;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.xenemu.web.HttpTestClient;
import org.xenemu.web.ShortRunDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 18: {@code RELEASE "4294967297"} on the dom0 socket is read as C reads it ({@code atoi}
 * into a 16-bit domid: domain 1) and released a running domain whose toolstack record stayed. Sent
 * here as raw xs_wire frames: the answer is still OK, and by then the domain is gone from the
 * toolstack too, its pages back with the host.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "xenemu.clock.mode=manual")
@DirtiesContext
class ReleaseOverSocketBlackBoxTest {
    static final JsonMapper JSON = new JsonMapper();
    static final Path RUN_DIR = ShortRunDir.create("xer");
    static final int XS_RELEASE = 9;
    static final int XS_ERROR = 16;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void runDir(DynamicPropertyRegistry registry) {
        registry.add("xenemu.run-dir", RUN_DIR::toString);
    }


    @AfterAll
    static void removeRunDir() {
        ShortRunDir.delete(RUN_DIR);
    }

    /** One request frame (type, req_id 7, tx_id 0) and its reply's type and payload. */
    static String[] call(int type, String payload) throws IOException {
        Path socket = RUN_DIR.resolve("socket");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(socket));
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            byte[] body = payload.getBytes(StandardCharsets.ISO_8859_1);
            ByteBuffer out = ByteBuffer.allocate(16 + body.length).order(ByteOrder.LITTLE_ENDIAN);
            out.putInt(type).putInt(7).putInt(0).putInt(body.length).put(body).flip();
            while (out.hasRemaining()) {
                channel.write(out);
            }
            ByteBuffer header = read(channel, 16).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer reply = read(channel, header.getInt(12));
            return new String[] {Integer.toString(header.getInt(0)),
                    new String(reply.array(), StandardCharsets.ISO_8859_1)};
        }
    }

    static ByteBuffer read(SocketChannel channel, int n) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(n);
        while (buf.hasRemaining()) {
            if (channel.read(buf) < 0) {
                throw new EOFException("server closed the connection");
            }
        }
        return buf.flip();
    }

    @Test
    void aReleaseOfARunningDomainOverTheSocketDestroysItInTheToolstackBeforeTheReply() throws Exception {
        HttpTestClient http = new HttpTestClient(port);
        long freeBefore = JSON.readTree(http.get("/api/v1/host").body()).get("freeKiB").asLong();
        var created = http.post("/api/v1/domains", "{\"name\":\"released\",\"memoryKiB\":262144}");
        assertThat(created.statusCode()).isEqualTo(201);
        int domid = JSON.readTree(created.body()).get("domid").asInt();
        assertThat(domid).as("4294967297 is domid 1 once C has cut it to 16 bits").isEqualTo(1);
        long lastSeq = JSON.readTree(http.get("/api/v1/events?after=0&limit=1").body()).get("lastSeq").asLong();

        String[] reply = call(XS_RELEASE, "4294967297\0");
        assertThat(reply[0]).isEqualTo(Integer.toString(XS_RELEASE));
        assertThat(reply[1]).isEqualTo("OK\0");

        assertProblem(http.get("/api/v1/domains/1"), 404, "ENOENT");
        assertThat(http.get("/api/v1/domains").body()).doesNotContain("\"released\"");
        assertThat(JSON.readTree(http.get("/api/v1/host").body()).get("freeKiB").asLong()).isEqualTo(freeBefore);
        JsonNode page = JSON.readTree(http.get("/api/v1/events?after=" + lastSeq + "&limit=100").body());
        assertThat(page.get("events").findValuesAsString("type")).containsSubsequence("DomainReleased",
                "DomainDestroyed");
        assertProblem(http.get("/api/v1/xenstore/nodes/local/domain/1/name"), 404, "ENOENT");

        String[] again = call(XS_RELEASE, "1\0");
        assertThat(again[0]).isEqualTo(Integer.toString(XS_ERROR));
        assertThat(again[1]).isEqualTo("ENOENT\0");
    }
}
