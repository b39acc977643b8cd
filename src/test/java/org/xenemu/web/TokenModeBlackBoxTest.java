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
    void openApiNeedsNoToken() {
        assertThat(new HttpTestClient(port).get("/v3/api-docs").statusCode()).isEqualTo(200);
    }
}
