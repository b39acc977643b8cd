package org.xenemu.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xenemu.web.ProblemAssertions.assertProblem;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 18's HTTP contract findings, each as the campaign met it: every answer is problem+json
 * with the errno its status stands for, a client's mistake is never a 500 nor logged as one, one
 * resource has one spelling, and a refused request changes nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"xenemu.clock.mode=manual", "xenemu.run-dir=target/run-contract-test"})
@ExtendWith(OutputCaptureExtension.class)
class HttpContractBlackBoxTest {
    @LocalServerPort
    int port;

    HttpTestClient http() {
        return new HttpTestClient(port);
    }

    String raw(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Nested
    class TheServersOwnRefusals {
        @Test
        void anHttp2RequestLineIs505EnosysAClientChoiceNotAnInternalError() throws Exception {
            String reply = raw("GET /api/v1/clock HTTP/2.0\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(reply).startsWith("HTTP/1.1 505").containsIgnoringCase("Content-Type: application/problem+json");
            assertThat(reply).contains("\"errno\":\"ENOSYS\"").contains("HTTP version not supported")
                    .doesNotContain("EIO").doesNotContain("internal error");
        }

        @Test
        void errorIsNoResourceOfTheApi() {
            assertProblem(http().get("/error"), 404, "ENOENT");
            assertProblem(http().send("POST", "/error", "{}", Map.of()), 404, "ENOENT");
        }

        @Test
        void traceIs405WithTheResourcesOwnAllowAndEchoesNothing() {
            HttpResponse<String> r = http().send("TRACE", "/api/v1/clock", null, Map.of("X-Secret", "s3cret"));
            assertProblem(r, 405, "ENOSYS");
            assertThat(r.headers().firstValue("Allow").orElse("")).contains("GET").contains("PUT").doesNotContain("DELETE");
            assertThat(r.body()).doesNotContain("s3cret").doesNotContain("TRACE");
        }

        /** Found by HttpFuzzBench: the advance ran, then the answer could not be written as image/png. */
        @Test
        void anUnacceptableAcceptIsRefusedBeforeAMutationActs() {
            String clock = http().get("/api/v1/clock").body();
            assertProblem(http().send("POST", "/api/v1/clock/advance", "{\"seconds\":600}",
                    Map.of("Accept", "image/png", "Content-Type", "application/json")), 406, "EINVAL");
            assertProblem(http().send("POST", "/api/v1/clock/advance", "{\"seconds\":600}",
                    Map.of("Accept", "application/json;q=0", "Content-Type", "application/json")), 406, "EINVAL");
            assertThat(http().get("/api/v1/clock").body()).isEqualTo(clock);
            assertProblem(http().send("POST", "/api/v1/domains", "{\"name\":\"png\",\"memoryKiB\":262144}",
                    Map.of("Accept", "text/html", "Content-Type", "application/json")), 406, "EINVAL");
            assertThat(http().get("/api/v1/domains").body()).doesNotContain("png");
            assertThat(http().send("POST", "/api/v1/clock/advance", "{\"seconds\":1}",
                    Map.of("Accept", "application/*", "Content-Type", "application/json")).statusCode()).isEqualTo(200);
        }

        @Test
        void aCorsPreflightIs403EaccesProblemJson() {
            HttpResponse<String> r = http().send("OPTIONS", "/api/v1/clock", null,
                    Map.of("Origin", "http://elsewhere.example", "Access-Control-Request-Method", "PUT"));
            assertProblem(r, 403, "EACCES");
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }

        @Test
        void notAcceptableAndExpectationFailedAreProblemsWithEinval() throws Exception {
            HttpResponse<String> r = http().get("/api/v1/clock", Map.of("Accept", "image/png;q=x"));
            assertProblem(r, 406, "EINVAL");
            assertThat(r.body()).doesNotContain("image/png");
            String reply = raw("POST /api/v1/clock/advance HTTP/1.1\r\nHost: x\r\nExpect: fancy\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
            assertThat(reply).startsWith("HTTP/1.1 417").contains("\"errno\":\"EINVAL\"");
        }
    }

    @Nested
    class StrictJson {
        @Test
        void aStringMemberTakesOnlyAJsonString() {
            for (String name : new String[] {"true", "12", "1.5", "1e400", "null"}) {
                HttpResponse<String> r = http().post("/api/v1/domains", "{\"name\":" + name + ",\"memoryKiB\":262144}");
                assertProblem(r, 400, "EINVAL");
                assertThat(r.body()).as(name).contains("\"field\":\"name\"");
            }
            assertThat(http().get("/api/v1/domains").body()).doesNotContain("\"name\":\"true\"")
                    .doesNotContain("\"name\":\"12\"");
        }

        @Test
        void anEnumTakesItsNameNeverItsIndex() {
            assertProblem(http().post("/api/v1/domains/0/processes/1/mappings",
                    "{\"kind\":0,\"shared\":false,\"writable\":true,\"kib\":4}"), 400, "EINVAL");
        }

        @Test
        void aNumberBeyondItsTypeIsEinval() {
            assertProblem(http().post("/api/v1/domains", "{\"name\":\"big\",\"memoryKiB\":1e400}"), 400, "EINVAL");
            assertProblem(http().put("/api/v1/clock", "{\"mode\":\"manual\",\"speed\":1e400}"), 400, "EINVAL");
            assertProblem(http().post("/api/v1/clock/advance", "{\"seconds\":1e400}"), 400, "EINVAL");
        }

        @Test
        void contentAfterTheJsonBodyIs400AndCreatesNothing() {
            assertProblem(http().post("/api/v1/domains", "{\"name\":\"trailing\",\"memoryKiB\":262144} garbage"),
                    400, "EINVAL");
            assertProblem(http().post("/api/v1/domains", "{\"name\":\"trailing\",\"memoryKiB\":262144}{}"),
                    400, "EINVAL");
            assertThat(http().get("/api/v1/domains").body()).doesNotContain("trailing");
        }

        @Test
        void pressureAbove2To40KibIsEinvalNotQuietlyAllThatIsFree() {
            String before = http().get("/api/v1/host").body();
            HttpResponse<String> r = http().put("/api/v1/host/pressure", "{\"kib\":99999999999999999}");
            assertProblem(r, 400, "EINVAL");
            assertThat(r.body()).contains("\"field\":\"kib\"");
            assertThat(http().get("/api/v1/host").body()).isEqualTo(before);
            assertThat(http().put("/api/v1/host/pressure", "{\"kib\":1099511627776,\"node\":0}").statusCode())
                    .as("2^40 itself is accepted (and takes what is free)").isEqualTo(200);
            assertThat(http().put("/api/v1/host/pressure", "{\"kib\":0}").statusCode()).isEqualTo(200);
        }
    }

    @Nested
    class OneSpellingPerNumber {
        @Test
        void leadingZerosAreEinvalInPathsHeadersAndQueries() {
            assertProblem(http().get("/api/v1/xenstore/quota/0001"), 400, "EINVAL");
            assertProblem(http().get("/api/v1/domains/01"), 400, "EINVAL");
            assertProblem(http().get("/api/v1/xenstore/quota/0", Map.of("X-Xen-Domid", "00000")), 400, "EINVAL");
            assertProblem(http().get("/api/v1/clock", Map.of("X-Xen-Domid", "01")), 400, "EINVAL");
            assertProblem(http().get("/api/v1/events?after=01&limit=1"), 400, "EINVAL");
            assertProblem(http().get("/api/v1/xenstore/nodes/local", Map.of("Xs-Transaction", "01")), 400, "EINVAL");
            assertProblem(http().get("/api/v1/events", Map.of("Accept", "text/event-stream", "Last-Event-ID", "+5")),
                    400, "EINVAL");
            assertThat(http().get("/api/v1/xenstore/quota/0").statusCode()).isEqualTo(200);
        }

        @Test
        void pathParametersAreEinvalWhereverTheyAre() {
            assertProblem(http().get("/api/v1/domains/0;x=y"), 400, "EINVAL");
            assertProblem(http().get("/api/v1/domains;x=y/0"), 400, "EINVAL");
            assertProblem(http().get("/api/v1/domains/0;x=y/balloon"), 400, "EINVAL");
            assertProblem(http().send("DELETE", "/api/v1/domains/1;jsessionid=abc", null, Map.of()), 400, "EINVAL");
            assertProblem(http().get("/actuator/health;x=y"), 400, "EINVAL");
            assertThat(http().get("/api/v1/domains/0").statusCode()).isEqualTo(200);
        }
    }

    @Nested
    class Logging {
        @Test
        void clientErrorsLeaveNoWarningNorStackTraceAndAMethodNameIsNeverLoggedWhole(CapturedOutput output) {
            String method = "X".repeat(3000);
            assertProblem(http().send(method, "/api/v1/clock", null, Map.of()), 405, "ENOSYS");
            assertProblem(http().send("DELETE", "/api/v1/clock", null, Map.of()), 405, "ENOSYS");
            assertProblem(http().post("/api/v1/domains", "{\"name\":true,\"memoryKiB\":1}"), 400, "EINVAL");
            assertProblem(http().get("/api/v1/domains/0;x=y"), 400, "EINVAL");
            assertProblem(http().get("/api/v1/no-such-thing"), 404, "ENOENT");
            assertProblem(http().put("/api/v1/clock", "{\"mode\":"), 400, "EINVAL");
            assertThat(output.getAll()).doesNotContain("XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX")
                    .doesNotContain(" WARN ").doesNotContain(" ERROR ").doesNotContain("\tat org.");
        }
    }
}
