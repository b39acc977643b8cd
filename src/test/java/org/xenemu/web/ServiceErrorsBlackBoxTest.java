package org.xenemu.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xenemu.web.ProblemAssertions.assertProblem;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The running service over HTTP: every refusal is problem+json with an errno, never HTML, never 500. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"xenemu.clock.mode=manual", "xenemu.run-dir=target/run-errors-test"})
@org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics
class ServiceErrorsBlackBoxTest {
    @LocalServerPort
    int port;

    HttpTestClient http() {
        return new HttpTestClient(port);
    }

    @Nested
    class Routing {
        @Test
        void unknownRouteIs404Enoent() {
            var r = http().get("/api/v1/no-such-thing");
            assertProblem(r, 404, "ENOENT");
            assertThat(r.body()).contains("no such resource: /api/v1/no-such-thing").doesNotContain("static");
        }

        @Test
        void onlyHealthAndPrometheusOfTheActuatorAreExposed() {
            assertThat(http().get("/actuator/health").statusCode()).isEqualTo(200);
            assertThat(http().get("/actuator/prometheus").statusCode()).isEqualTo(200);
            assertProblem(http().get("/actuator/metrics"), 404, "ENOENT");
            assertProblem(http().get("/actuator/info"), 404, "ENOENT");
        }

        @Test
        void unknownRouteOutsideTheApiIsAlso404Problem() {
            assertProblem(http().get("/definitely/not/here.html", Map.of("Accept", "text/html")), 404, "ENOENT");
        }

        @Test
        void unsupportedMethodIs405WithAllow() {
            HttpResponse<String> r = http().send("DELETE", "/api/v1/clock", null, Map.of());
            assertProblem(r, 405, "ENOSYS");
            assertThat(r.headers().firstValue("Allow")).isPresent();
        }
    }

    @Nested
    class Bodies {
        @Test
        void malformedJsonIs400Einval() {
            assertProblem(http().put("/api/v1/clock", "{\"mode\":"), 400, "EINVAL");
        }

        @Test
        void contentAfterTheJsonValueIs400AndChangesNothing() {
            assertThat(http().put("/api/v1/clock", "{\"mode\":\"manual\"}").statusCode()).isEqualTo(200);
            assertProblem(http().put("/api/v1/clock", "{\"mode\":\"realtime\"} {\"mode\":\"manual\"}"), 400, "EINVAL");
            assertProblem(http().put("/api/v1/clock", "{\"mode\":\"realtime\"} trailing"), 400, "EINVAL");
            assertThat(http().get("/api/v1/clock").body()).contains("\"mode\":\"manual\"");
        }

        @Test
        void wrongTypeIs400NamingTheField() {
            HttpResponse<String> r = http().post("/api/v1/clock/advance", "{\"jiffies\":\"ten\"}");
            assertProblem(r, 400, "EINVAL");
            assertThat(r.body()).contains("jiffies");
        }

        @Test
        void fractionalJiffiesAreRefusedNotTruncated() {
            assertProblem(http().post("/api/v1/clock/advance", "{\"jiffies\":1.5}"), 400, "EINVAL");
        }

        @Test
        void unknownFieldIs400NamingTheField() {
            HttpResponse<String> r = http().put("/api/v1/clock", "{\"mode\":\"manual\",\"warp\":9}");
            assertProblem(r, 400, "EINVAL");
            assertThat(r.body()).contains("warp");
        }

        @Test
        void failedValidationIs400() {
            assertProblem(http().put("/api/v1/clock", "{\"mode\":\"sideways\"}"), 400, "EINVAL");
            assertProblem(http().put("/api/v1/clock", "{}"), 400, "EINVAL");
        }

        @Test
        void missingBodyIs400() {
            assertProblem(http().send("PUT", "/api/v1/clock", null, Map.of("Content-Type", "application/json")), 400, "EINVAL");
        }

        @Test
        void wrongContentTypeIsAProblemToo() {
            HttpResponse<String> r = http().send("PUT", "/api/v1/clock", "mode=manual", Map.of("Content-Type", "text/plain"));
            assertThat(r.statusCode()).isEqualTo(415);
            assertThat(r.body()).contains("\"errno\":\"EINVAL\"");
        }

        @Test
        void badQueryParameterIs400() {
            assertProblem(http().get("/api/v1/events?limit=abc"), 400, "EINVAL");
            assertProblem(http().get("/api/v1/events?limit=0"), 400, "EINVAL");
            assertProblem(http().get("/api/v1/events?after=-4"), 400, "EINVAL");
        }
    }

    @Nested
    class Headers {
        @Test
        void nonNumericDomidIs400() {
            assertProblem(http().get("/api/v1/clock", Map.of("X-Xen-Domid", "dom1")), 400, "EINVAL");
        }

        @Test
        void reservedDomidIs400() {
            assertProblem(http().get("/api/v1/clock", Map.of("X-Xen-Domid", "32752")), 400, "EINVAL");
            assertProblem(http().get("/api/v1/clock", Map.of("X-Xen-Domid", "-1")), 400, "EINVAL");
        }

        @Test
        void badGuestRootIs400() {
            assertProblem(http().get("/api/v1/clock", Map.of("X-Xen-Domid", "3", "X-Guest-Root", "maybe")), 400, "EINVAL");
        }

        @Test
        void guestRootFalseForDom0Is400WhetherDom0IsNamedOrImplied() {
            assertProblem(http().get("/api/v1/clock", Map.of("X-Xen-Domid", "0", "X-Guest-Root", "false")), 400, "EINVAL");
            assertProblem(http().get("/api/v1/clock", Map.of("X-Guest-Root", "false")), 400, "EINVAL");
            assertThat(http().get("/api/v1/clock", Map.of("X-Guest-Root", "true")).statusCode()).isEqualTo(200);
        }

        @Test
        void aGuestMayReadTheClockButNotChangeIt() {
            assertThat(http().get("/api/v1/clock", Map.of("X-Xen-Domid", "3")).statusCode()).isEqualTo(200);
            assertProblem(http().send("PUT", "/api/v1/clock", "{\"mode\":\"manual\"}", Map.of("X-Xen-Domid", "3")),
                    403, "EACCES");
            assertProblem(http().send("POST", "/api/v1/clock/advance", "{\"seconds\":1}", Map.of("X-Xen-Domid", "3")),
                    403, "EACCES");
        }

        @Test
        void guestsCannotReadHostEvents() {
            assertProblem(http().get("/api/v1/events", Map.of("X-Xen-Domid", "3")), 403, "EACCES");
        }
    }

    @Nested
    class Documentation {
        @Test
        void openApiDocumentIsServedAndListsTheClockWithErrorResponses() {
            HttpResponse<String> r = http().get("/v3/api-docs");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("/api/v1/clock/advance").contains("\"507\"").contains("errno");
        }

        @Test
        void swaggerUiIsServed() {
            HttpResponse<String> r = http().get("/swagger-ui/index.html");
            assertThat(r.statusCode()).isEqualTo(200);
        }

        @Test
        void healthAndPrometheusAreServed() {
            assertThat(http().get("/actuator/health").body()).contains("UP");
            assertThat(http().get("/actuator/prometheus").statusCode()).isEqualTo(200);
        }
    }
}
