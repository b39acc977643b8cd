package org.xenemu.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Requests the HTTP server itself rejects before any handler runs still answer problem+json
 * with errno, never Tomcat's HTML page. Sent over a raw socket: no HTTP client would send them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"xenemu.clock.mode=manual", "xenemu.run-dir=target/run-malformed-test"})
class MalformedRequestBlackBoxTest {
    @LocalServerPort
    int port;

    private String raw(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/xenstore/nodes/a%ZZ", "/api/v1/xenstore/nodes/a%00b", "/api/v1/%5C",
            "/api/v1/clock%", "/a b"})
    void aUrlTheServerCannotParseIsAProblemWithEinval(String target) throws Exception {
        String reply = raw("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(reply).startsWith("HTTP/1.1 400");
        assertThat(reply).containsIgnoringCase("Content-Type: application/problem+json");
        assertThat(reply).contains("\"errno\":\"EINVAL\"").doesNotContain("<html");
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Xen-Domid: \u0001", "Bad Header Name: 1", "NoColon"})
    void aHeaderTheServerCannotParseIsAProblemWithEinval(String header) throws Exception {
        String reply = raw("GET /api/v1/clock HTTP/1.1\r\nHost: x\r\n" + header + "\r\nConnection: close\r\n\r\n");
        assertThat(reply).startsWith("HTTP/1.1 400");
        assertThat(reply).contains("\"errno\":\"EINVAL\"").doesNotContain("<html");
    }
}
