package org.xenemu.xenstore.web;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** JSON views keep the shape of docs/api.md "Xenstore" for any value ({@code value} null, never absent); transactions do not nest. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class XenstoreJsonViewsTest {
    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(String method, String path, byte[] body, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/xenstore" + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aBinaryValueIsNullInTheJsonViewsWithItsBytesInBase64() throws Exception {
        byte[] binary = {0, 1, (byte) 0xff, 'a'};
        assertThat(send("PUT", "/nodes/json-views/bin", binary, null).statusCode()).isEqualTo(204);

        JsonNode node = new JsonMapper().readTree(send("GET", "/nodes/json-views/bin", null, "application/json").body());
        assertThat(node.has("value")).isTrue();
        assertThat(node.get("value").isNull()).isTrue();
        assertThat(Base64.getDecoder().decode(node.get("base64").asString())).isEqualTo(binary);

        JsonNode tree = new JsonMapper().readTree(send("GET", "/tree/json-views", null, null).body());
        JsonNode child = tree.get("children").get(0);
        assertThat(child.get("name").asString()).isEqualTo("bin");
        assertThat(child.has("value")).isTrue();
        assertThat(child.get("value").isNull()).isTrue();
    }

    @Test
    void transactionsDoNotNestOverRestEither() throws Exception {
        HttpResponse<String> outer = send("POST", "/transactions", null, null);
        assertThat(outer.statusCode()).isEqualTo(201);
        String id = new JsonMapper().readTree(outer.body()).get("id").asString();
        HttpRequest.Builder nested = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/xenstore/transactions")).POST(HttpRequest.BodyPublishers.noBody());
        HttpResponse<String> busy = http.send(nested.copy().header("Xs-Transaction", id).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(busy.statusCode()).isEqualTo(409);
        assertThat(busy.body()).contains("\"errno\":\"EBUSY\"");
        HttpResponse<String> unknown = http.send(nested.copy().header("Xs-Transaction", "4000000000").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"errno\":\"ENOENT\"");
        assertThat(send("DELETE", "/transactions/" + id, null, null).statusCode()).isEqualTo(204);
    }
}
