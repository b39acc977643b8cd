package org.xenemu.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xenemu.web.ProblemAssertions.assertProblem;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"xenemu.security.mode=token", "xenemu.security.admin-token=s3cret",
                "xenemu.run-dir=target/run-token-test"})
@org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics
class TokenModeBlackBoxTest {
    @LocalServerPort
    int port;

    @Test
    void requestWithoutTokenIs401Problem() {
        assertProblem(new HttpTestClient(port).get("/api/v1/clock"), 401, "EACCES");
    }

    @Test
    void unknownTokenIs401() {
        assertProblem(new HttpTestClient(port).get("/api/v1/clock", Map.of("Authorization", "Bearer nope")), 401, "EACCES");
    }

    @Test
    void nonBearerSchemeIs401() {
        assertProblem(new HttpTestClient(port).get("/api/v1/clock", Map.of("Authorization", "Basic czNjcmV0")), 401, "EACCES");
    }

    @Test
    void adminTokenActsAsDom0() {
        var r = new HttpTestClient(port).send("PUT", "/api/v1/clock", "{\"mode\":\"manual\"}",
                Map.of("Authorization", "Bearer s3cret"));
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void healthNeedsNoToken() {
        assertThat(new HttpTestClient(port).get("/actuator/health").statusCode()).isEqualTo(200);
    }

    @Test
    void healthSaysOnlyUpOrDownWithoutAToken() {
        assertThat(new HttpTestClient(port).get("/actuator/health").body()).doesNotContain("components")
                .doesNotContain("details");
    }

    /** Issue 18: per-route request timings were readable by anyone; they are dom0's now. */
    @Test
    void metricsNeedTheAdminToken() {
        HttpTestClient http = new HttpTestClient(port);
        assertProblem(http.get("/actuator/prometheus"), 401, "EACCES");
        assertProblem(http.get("/actuator/prometheus", Map.of("Authorization", "Bearer nope")), 401, "EACCES");
        assertProblem(http.get("/actuator/prometheus", Map.of("Authorization", "Bearer s3cret", "X-Xen-Domid", "3")),
                403, "EACCES");
        assertProblem(http.get("/actuator"), 401, "EACCES");
        assertThat(http.get("/api/v1/clock", Map.of("Authorization", "Bearer s3cret")).statusCode()).isEqualTo(200);
        var r = http.get("/actuator/prometheus", Map.of("Authorization", "Bearer s3cret"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("http_server_requests");
    }

    @Test
    void openApiNeedsNoToken() {
        assertThat(new HttpTestClient(port).get("/v3/api-docs").statusCode()).isEqualTo(200);
    }
}
