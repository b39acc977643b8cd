package org.xenemu.xenstore.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xenemu.xenstore.Xenstore;
import org.xenemu.xenstore.XsConnection;

/** The xenstore REST API as a toolstack and a guest see it: real HTTP against the running service. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class XenstoreRestTest {
    @LocalServerPort
    int port;
    @Autowired
    Xenstore xenstore;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final JsonMapper json = new JsonMapper();

    record Reply(int status, byte[] body, String contentType) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() throws Exception {
            return new JsonMapper().readTree(body);
        }

        String errno() throws Exception {
            return json().path("errno").asString();
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + "/api/v1/xenstore" + path);
    }

    Reply send(String method, String path, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""));
    }

    Reply get(String path, String... headers) throws Exception {
        return send("GET", path, null, headers);
    }

    Reply put(String path, String body, String... headers) throws Exception {
        return send("PUT", path, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    static final String[] GUEST7 = {"X-Xen-Domid", "7"};

    /** A guest's home the way the toolstack makes it, through the facade (the domain lifecycle's job). */
    void makeGuest(int domid) {
        XsConnection dom0 = xenstore.connect(0, true, null);
        String home = "/local/domain/" + domid;
        dom0.mkdir(0, home);
        dom0.setPerms(0, home, List.of("n" + domid, "r0"));
        if (!dom0.isDomainIntroduced(domid)) {
            dom0.introduce(domid, 1, 1);
        }
        dom0.close();
    }

    @Test
    void toolstackSession() throws Exception {
        makeGuest(7);
        assertThat(put("/nodes/vm/7/name", "guest7").status()).isEqualTo(204);
        assertThat(put("/nodes/vm/7/secret", "s3cret").status()).isEqualTo(204);
        assertThat(send("PUT", "/perms/vm/7/name", "[\"n0\",\"r7\"]".getBytes(), "Content-Type", "application/json").status())
                .isEqualTo(204);
        assertThat(get("/perms/vm/7/name").json().toString()).isEqualTo("[\"n0\",\"r7\"]");

        Reply allowed = get("/nodes/vm/7/name", GUEST7);
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.text()).isEqualTo("guest7");
        assertThat(allowed.contentType()).startsWith("application/octet-stream");
        Reply refused = get("/nodes/vm/7/secret", GUEST7);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errno()).isEqualTo("EACCES");
        assertThat(refused.contentType()).startsWith("application/problem+json");

        Reply asJson = get("/nodes/vm/7/name", "Accept", "application/json");
        assertThat(asJson.json().get("path").asString()).isEqualTo("/vm/7/name");
        assertThat(asJson.json().get("value").asString()).isEqualTo("guest7");
        assertThat(asJson.json().get("base64").asString()).isEqualTo("Z3Vlc3Q3");

        assertThat(get("/children/vm/7").json().toString()).isEqualTo("[\"name\",\"secret\"]");
        JsonNode tree = get("/tree/vm").json();
        assertThat(tree.get("name").asString()).isEqualTo("vm");
        assertThat(tree.at("/children/0/children/0/value").asString()).isEqualTo("guest7");

        assertThat(put("/nodes/local/domain/7/data/x", "1", GUEST7).status()).isEqualTo(204);
        assertThat(get("/quota/7", GUEST7).json().at("/usage/nodes").asLong()).isEqualTo(3);
        assertThat(send("DELETE", "/nodes/vm/7", null).status()).isEqualTo(204);
        assertThat(get("/nodes/vm/7/name").status()).isEqualTo(404);
    }

    @Test
    void watchStreamSeesEventsInOrderAndClosingUnwatches() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(uri("/watch?path=/w&token=tok")).header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        BlockingQueue<String> data = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        data.add(line.substring(5));
                    } else if (line.startsWith("event:")) {
                        assertThat(line.substring(6)).isEqualTo("watch");
                    }
                }
            } catch (Exception ignored) {
                // stream closed
            }
        });
        reader.setDaemon(true);
        reader.start();
        List<String> got = new ArrayList<>();
        got.add(data.poll(10, TimeUnit.SECONDS));
        put("/nodes/w/a", "1");
        put("/nodes/w/b", "2");
        send("DELETE", "/nodes/w/a", null);
        for (int i = 0; i < 3; i++) {
            got.add(data.poll(10, TimeUnit.SECONDS));
        }
        List<String> paths = new ArrayList<>();
        for (String d : got) {
            JsonNode n = json.readTree(d);
            assertThat(n.get("token").asString()).isEqualTo("tok");
            paths.add(n.get("path").asString());
        }
        assertThat(paths).containsExactly("/w", "/w/a", "/w/b", "/w/a");
        long watchesBefore = xenstore.quota(0).usage().get("watches");
        r.body().close();
        reader.interrupt();
        // the next event to the closed stream fails to send, which releases the watch
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            put("/nodes/w/poke", "x");
            assertThat(xenstore.quota(0).usage().get("watches")).isLessThan(watchesBefore);
        });
    }

    @Test
    void transactionConflictsAndSucceedsOnRetry() throws Exception {
        put("/nodes/tx/counter", "1");
        long id = send("POST", "/transactions", null).json().get("id").asLong();
        String tx = Long.toString(id);
        assertThat(get("/nodes/tx/counter", "Xs-Transaction", tx).text()).isEqualTo("1");
        assertThat(put("/nodes/tx/counter", "2", "Xs-Transaction", tx).status()).isEqualTo(204);
        assertThat(get("/nodes/tx/counter").text()).isEqualTo("1");
        put("/nodes/tx/counter", "10");
        Reply conflict = send("POST", "/transactions/" + tx + "/commit", null);
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.errno()).isEqualTo("EAGAIN");

        Reply started = send("POST", "/transactions", null);
        assertThat(started.status()).isEqualTo(201);
        String retry = started.json().get("id").asString();
        String v = get("/nodes/tx/counter", "Xs-Transaction", retry).text();
        put("/nodes/tx/counter", Integer.toString(Integer.parseInt(v) + 1), "Xs-Transaction", retry);
        assertThat(send("POST", "/transactions/" + retry + "/commit", null).status()).isEqualTo(204);
        assertThat(get("/nodes/tx/counter").text()).isEqualTo("11");

        String aborted = send("POST", "/transactions", null).json().get("id").asString();
        put("/nodes/tx/gone", "x", "Xs-Transaction", aborted);
        assertThat(send("DELETE", "/transactions/" + aborted, null).status()).isEqualTo(204);
        assertThat(get("/nodes/tx/gone").status()).isEqualTo(404);
    }

    @Test
    void guestCommitPastTheNodesQuotaIs507EnospcAndTheTransactionIsGone() throws Exception {
        makeGuest(14);
        XsConnection dom0 = xenstore.connect(0, true, null);
        // dom0's nodes under the home are the guest's: 12 × (dir + 82) + 1 + the home = 998
        for (int i = 0; i < 12 * 82; i++) { // spread out: a node listing ~1000 children passes node-size
            dom0.write(0, "/local/domain/14/d" + i / 82 + "/n" + i % 82, new byte[0]);
        }
        dom0.write(0, "/local/domain/14/x", new byte[0]);
        dom0.close();
        String[] guest = {"X-Xen-Domid", "14"};
        String first = send("POST", "/transactions", null, guest).json().get("id").asString();
        String second = send("POST", "/transactions", null, guest).json().get("id").asString();
        assertThat(put("/nodes/local/domain/14/a", "1", "Xs-Transaction", first, "X-Xen-Domid", "14").status()).isEqualTo(204);
        assertThat(put("/nodes/local/domain/14/b", "1", "Xs-Transaction", second, "X-Xen-Domid", "14").status()).isEqualTo(204);
        assertThat(send("POST", "/transactions/" + first + "/commit", null, guest).status()).isEqualTo(204);

        Reply refused = send("POST", "/transactions/" + second + "/commit", null, guest);
        assertThat(refused.status()).isEqualTo(507);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.errno()).isEqualTo("ENOSPC");
        assertThat(get("/nodes/local/domain/14/b").status()).isEqualTo(404);
        assertThat(get("/quota/14").json().at("/usage/nodes").asLong()).isEqualTo(999);
        assertThat(send("POST", "/transactions/" + second + "/commit", null, guest).errno()).isEqualTo("ENOENT");
    }

    @Test
    void transactionReadTwiceAroundAnOutsideWriteKeepsTheFirstValueLikeC() throws Exception {
        put("/nodes/tx2/x", "v1");
        String tx = send("POST", "/transactions", null).json().get("id").asString();
        assertThat(get("/nodes/tx2/x", "Xs-Transaction", tx).text()).isEqualTo("v1");
        assertThat(get("/nodes/tx2/m", "Xs-Transaction", tx).status()).isEqualTo(404);
        put("/nodes/tx2/x", "v2");
        put("/nodes/tx2/m", "m1");
        assertThat(get("/nodes/tx2/x", "Xs-Transaction", tx).text()).isEqualTo("v1");
        assertThat(get("/nodes/tx2/m", "Xs-Transaction", tx).status()).isEqualTo(404);
        assertThat(send("POST", "/transactions/" + tx + "/commit", null).errno()).isEqualTo("EAGAIN");
    }

    @Nested
    class Errors {
        @Test
        void badPathsAreEinval() throws Exception {
            for (String p : List.of("/nodes/a//b", "/nodes/a/", "/nodes/a%20b", "/nodes/a.b", "/nodes/a%2F%2Fb", "/children/x/",
                    "/nodes/a+b", "/nodes/a;b")) {
                Reply r = get(p);
                assertThat(r.status()).as(p).isEqualTo(400);
                assertThat(r.errno()).as(p).isEqualTo("EINVAL");
            }
        }

        @Test
        void rootIsReachableAndCannotBeRemoved() throws Exception {
            assertThat(get("/nodes/").status()).isEqualTo(200);
            assertThat(get("/children").json().toString()).contains("local");
            Reply r = send("DELETE", "/nodes/", null);
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.errno()).isEqualTo("EINVAL");
        }

        @Test
        void badTransactionHeadersAndIds() throws Exception {
            for (String h : List.of("x", "-1", "1.5", "99999999999", " ")) {
                Reply r = get("/nodes/local", "Xs-Transaction", h);
                assertThat(r.status()).as(h).isEqualTo(400);
                assertThat(r.errno()).isEqualTo("EINVAL");
            }
            Reply unknown = get("/nodes/local", "Xs-Transaction", "4000000000");
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.errno()).isEqualTo("ENOENT");
            assertThat(send("POST", "/transactions/abc/commit", null).status()).isEqualTo(400);
            assertThat(send("POST", "/transactions/0/commit", null).status()).isEqualTo(400);
            assertThat(send("DELETE", "/transactions/123456", null).errno()).isEqualTo("ENOENT");
        }

        @Test
        void someoneElsesTransactionIsEnoent() throws Exception {
            makeGuest(8);
            String id = send("POST", "/transactions", null).json().get("id").asString();
            Reply r = get("/nodes/local/domain/8", "Xs-Transaction", id, "X-Xen-Domid", "8");
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.errno()).isEqualTo("ENOENT");
            assertThat(send("POST", "/transactions/" + id + "/commit", null, "X-Xen-Domid", "8").status()).isEqualTo(404);
            assertThat(send("DELETE", "/transactions/" + id, null).status()).isEqualTo(204);
        }

        @Test
        void oversizedValuesAreE2bigForEveryoneAndEnospcOverAGuestsNodeSize() throws Exception {
            makeGuest(9);
            Reply big = send("PUT", "/nodes/big", new byte[4097]);
            assertThat(big.status()).isEqualTo(413);
            assertThat(big.errno()).isEqualTo("E2BIG");
            assertThat(send("PUT", "/nodes/ok4096", new byte[4096]).status()).isEqualTo(204);
            Reply quota = send("PUT", "/nodes/local/domain/9/v", new byte[3000], "X-Xen-Domid", "9");
            assertThat(quota.status()).isEqualTo(507);
            assertThat(quota.errno()).isEqualTo("ENOSPC");
        }

        @Test
        void malformedPermsBodiesAreEinval() throws Exception {
            put("/nodes/pb", "x");
            for (String body : List.of("[]", "[\"q1\"]", "{}", "[1]", "[null]", "not json")) {
                Reply r = send("PUT", "/perms/pb", body.getBytes(), "Content-Type", "application/json");
                assertThat(r.status()).as(body).isEqualTo(400);
                assertThat(r.errno()).as(body).isEqualTo("EINVAL");
            }
        }

        @Test
        void guestChangingTheOwnerIsEpermAndSpecialPathsWork() throws Exception {
            makeGuest(10);
            put("/nodes/local/domain/10/mine", "x", "X-Xen-Domid", "10");
            Reply r = send("PUT", "/perms/local/domain/10/mine", "[\"n3\"]".getBytes(),
                    "Content-Type", "application/json", "X-Xen-Domid", "10");
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.errno()).isEqualTo("EPERM");
            assertThat(get("/perms/@releaseDomain").status()).isEqualTo(200);
            assertThat(get("/nodes/@releaseDomain").status()).isEqualTo(404); // the node /@releaseDomain
        }

        @Test
        void ordinaryGuestUsersCannotUseXenstore() throws Exception {
            makeGuest(11);
            Reply r = get("/nodes/local/domain/11", "X-Xen-Domid", "11", "X-Guest-Root", "false");
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.errno()).isEqualTo("EACCES");
        }

        @Test
        void quotaOfAnotherDomainIsRefusedToGuests() throws Exception {
            assertThat(get("/quota/0", "X-Xen-Domid", "12").status()).isEqualTo(403);
            assertThat(get("/quota/abc").status()).isEqualTo(400);
            assertThat(get("/quota/0").json().at("/limits/nodes").asLong()).isEqualTo(1000);
        }

        @Test
        void badWatchRequestsAreProblemsNotStreams() throws Exception {
            Reply r = get("/watch?path=a//b", "Accept", "text/event-stream");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.errno()).isEqualTo("EINVAL");
            assertThat(get("/watch").status()).isEqualTo(400);
        }

        @Test
        void missingNodeIsEnoentAndRmOfMissingParentIsEnoent() throws Exception {
            assertThat(get("/nodes/no/such").errno()).isEqualTo("ENOENT");
            assertThat(send("DELETE", "/nodes/no/such", null).errno()).isEqualTo("ENOENT");
        }
    }
}
