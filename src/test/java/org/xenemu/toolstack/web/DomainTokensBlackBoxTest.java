package org.xenemu.toolstack.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xenemu.web.ProblemAssertions.assertProblem;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.xenemu.web.HttpTestClient;

/**
 * Token mode as a toolstack and its guests use it (docs/api.md "Callers"; issue 5 "domain tokens"):
 * creating a domain hands out its {@code root} and {@code user} tokens; root in the guest writes
 * its own balloon files, an ordinary user only reads them, another domain's token reaches nothing
 * of it, and destroying the domain revokes both tokens.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"xenemu.security.mode=token", "xenemu.security.admin-token=adm1n",
                "xenemu.clock.mode=manual", "xenemu.run-dir=target/run-domain-tokens"})
@DirtiesContext
class DomainTokensBlackBoxTest {
    static final String SYSFS = "/sysfs/devices/system/xen_memory/xen_memory0/";
    static final JsonMapper JSON = new JsonMapper();
    static final String ADMIN = "adm1n";

    @LocalServerPort
    int port;
    HttpTestClient http;

    @BeforeEach
    void client() {
        http = new HttpTestClient(port);
    }

    HttpResponse<String> as(String token, String method, String path, String body, String... headers) {
        Map<String, String> h = new HashMap<>();
        if (token != null) {
            h.put("Authorization", "Bearer " + token);
        }
        if (body != null && !body.startsWith("{")) {
            h.put("Content-Type", "text/plain");
        }
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i], headers[i + 1]);
        }
        return http.send(method, "/api/v1" + path, body, h);
    }

    record Created(int domid, String root, String user) {
    }

    Created create(String name) throws Exception {
        HttpResponse<String> r = as(ADMIN, "POST", "/domains",
                "{\"name\":\"" + name + "\",\"memoryKiB\":131072,\"staticMaxKiB\":262144}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(r.body());
        JsonNode tokens = body.get("tokens");
        assertThat(tokens).as("token mode returns the domain's tokens").isNotNull();
        assertThat(tokens.get("root").asString()).isNotBlank().isNotEqualTo(tokens.get("user").asString());
        return new Created(body.get("domid").asInt(), tokens.get("root").asString(), tokens.get("user").asString());
    }

    @Test
    void rootWritesItsOwnBalloonUserOnlyReadsOthersReachNothingAndDestroyRevokes() throws Exception {
        Created a = create("tok-a");
        Created b = create("tok-b");
        String aFiles = "/domains/" + a.domid() + SYSFS;

        // root in the guest: writes its target, and it arrives when the toolstack advances the clock
        assertThat(as(a.root(), "PUT", aFiles + "target_kb", "196608\n").statusCode()).isEqualTo(204);
        assertThat(as(ADMIN, "POST", "/clock/advance", "{\"seconds\":1}").statusCode()).isEqualTo(200);
        assertThat(as(a.root(), "GET", aFiles + "info/current_kb", null).body()).isEqualTo("196608\n");
        assertThat(JSON.readTree(as(a.root(), "GET", "/domains/" + a.domid() + "/balloon", null).body())
                .get("state").asString()).isEqualTo("DONE");

        // an ordinary user of the guest reads but may not write
        assertThat(as(a.user(), "GET", aFiles + "target_kb", null).body()).isEqualTo("196608\n");
        assertProblem(as(a.user(), "PUT", aFiles + "target_kb", "1000"), 403, "EPERM");
        assertProblem(as(a.user(), "PUT", aFiles + "max_retry_count", "4"), 403, "EPERM");

        // another domain's token, root or not, reaches nothing of domain a
        assertProblem(as(b.root(), "GET", aFiles + "target_kb", null), 403, "EACCES");
        assertProblem(as(b.root(), "PUT", aFiles + "target_kb", "1000"), 403, "EACCES");
        assertProblem(as(b.user(), "GET", "/domains/" + a.domid() + "/balloon", null), 403, "EACCES");
        // and a domain token cannot claim to be another domain
        assertProblem(as(b.root(), "GET", aFiles + "target_kb", null, "X-Xen-Domid", Integer.toString(a.domid())),
                403, "EACCES");

        // guests are not the toolstack
        assertProblem(as(a.root(), "POST", "/domains", "{\"name\":\"x\",\"memoryKiB\":131072}"), 403, "EACCES");
        assertProblem(as(a.root(), "PUT", "/domains/" + a.domid() + "/memory/target", "{\"kib\":131072}"),
                403, "EACCES");
        assertProblem(as(a.root(), "DELETE", "/domains/" + b.domid(), null), 403, "EACCES");
        assertProblem(as(null, "GET", aFiles + "target_kb", null), 401, "EACCES");

        // destroying the domain revokes both of its tokens; the other domain's still work
        assertThat(as(ADMIN, "DELETE", "/domains/" + a.domid(), null).statusCode()).isEqualTo(204);
        assertProblem(as(a.root(), "GET", "/domains/" + b.domid() + SYSFS + "target_kb", null), 401, "EACCES");
        assertProblem(as(a.user(), "GET", "/clock", null), 401, "EACCES");
        assertThat(as(b.root(), "GET", "/domains/" + b.domid() + SYSFS + "target_kb", null).body())
                .isEqualTo("131072\n");
        assertThat(as(ADMIN, "DELETE", "/domains/" + b.domid(), null).statusCode()).isEqualTo(204);
        assertProblem(as(b.user(), "GET", "/clock", null), 401, "EACCES");
    }
}
