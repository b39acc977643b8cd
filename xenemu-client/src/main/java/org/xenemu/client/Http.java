package org.xenemu.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The transport under every sub-API: builds requests against the base URL with the caller's
 * credentials (docs/api.md "Callers"), sends them with the JDK's {@link HttpClient}, maps JSON with
 * Jackson 3 and turns every error answer into a {@link XenemuException}. Immutable; the
 * {@code as...} variants share the HttpClient.
 */
final class Http {
    static final String API = "/api/v1";
    static final String JSON_TYPE = "application/json";

    /**
     * Tolerant reading (members a newer server adds are ignored, missing ones default), strict
     * writing (absent members are left out, as the server refuses unknown or null-only noise).
     */
    static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .changeDefaultPropertyInclusion(v -> v.withValueInclusion(JsonInclude.Include.NON_ABSENT)
                    .withContentInclusion(JsonInclude.Include.NON_ABSENT))
            .build();

    final HttpClient client;
    final URI base;
    final Duration requestTimeout;
    private final String token;
    private final OptionalInt actAsDomid;
    private final Optional<Boolean> guestRoot;

    Http(HttpClient client, URI base, Duration requestTimeout, String token, OptionalInt actAsDomid,
         Optional<Boolean> guestRoot) {
        this.client = client;
        this.base = base;
        this.requestTimeout = requestTimeout;
        this.token = token;
        this.actAsDomid = actAsDomid;
        this.guestRoot = guestRoot;
    }

    Http withToken(String newToken) {
        return new Http(client, base, requestTimeout, newToken, actAsDomid, guestRoot);
    }

    Http asDomain(int domid, Optional<Boolean> root) {
        if (domid < 0) {
            throw new IllegalArgumentException("a domain id is not negative: " + domid);
        }
        return new Http(client, base, requestTimeout, token, OptionalInt.of(domid), root);
    }

    /** A request builder for {@code path} (which starts with {@code /}), credentials set. */
    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(base.getPath() + path)).timeout(requestTimeout);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        actAsDomid.ifPresent(d -> b.header("X-Xen-Domid", Integer.toString(d)));
        guestRoot.ifPresent(r -> b.header("X-Guest-Root", r.toString()));
        return b;
    }

    static HttpRequest.BodyPublisher json(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(body));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("cannot write the request body as JSON: " + e.getOriginalMessage(), e);
        }
    }

    HttpRequest.Builder get(String path) {
        return request(path).GET();
    }

    HttpRequest.Builder sendJson(String method, String path, Object body) {
        return request(path).header("Content-Type", JSON_TYPE).method(method, json(body));
    }

    HttpRequest.Builder sendEmpty(String method, String path) {
        return request(path).method(method, HttpRequest.BodyPublishers.noBody());
    }

    HttpRequest.Builder sendBytes(String method, String path, byte[] body, String contentType) {
        return request(path).header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    }

    /** Sends and answers the body of a 2xx; throws {@link XenemuException} otherwise. */
    HttpResponse<byte[]> exchange(HttpRequest.Builder request) {
        HttpRequest built = request.build();
        HttpResponse<byte[]> response;
        try {
            response = client.send(built, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(built.method() + " " + built.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException(built.method() + " " + built.uri() + " interrupted"));
        }
        if (response.statusCode() >= 300) {
            throw problem(response.statusCode(), response.headers(), response.body());
        }
        return response;
    }

    <T> T readJson(HttpRequest.Builder request, Class<T> type) {
        return parse(exchange(request.header("Accept", JSON_TYPE)).body(), MAPPER.constructType(type));
    }

    <T> List<T> readJsonList(HttpRequest.Builder request, Class<T> element) {
        return parse(exchange(request.header("Accept", JSON_TYPE)).body(),
                MAPPER.getTypeFactory().constructCollectionType(List.class, element));
    }

    /** The JSON answer, or empty for an answer without a body (204). */
    <T> Optional<T> readJsonIfAny(HttpRequest.Builder request, Class<T> type) {
        byte[] body = exchange(request.header("Accept", JSON_TYPE)).body();
        return body.length == 0 ? Optional.empty() : Optional.of(parse(body, MAPPER.constructType(type)));
    }

    void discard(HttpRequest.Builder request) {
        exchange(request);
    }

    byte[] readBytes(HttpRequest.Builder request) {
        return exchange(request).body();
    }

    String readText(HttpRequest.Builder request) {
        return new String(exchange(request).body(), StandardCharsets.UTF_8);
    }

    static <T> T parse(byte[] body, JavaType type) {
        try {
            return MAPPER.readValue(body, type);
        } catch (JacksonException e) {
            throw new IllegalStateException("xenemu answered JSON this client cannot read as " + type + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /** An error answer as an exception: the problem's members when it is problem+json, else the status alone. */
    static XenemuException problem(int status, HttpHeaders headers, byte[] body) {
        String type = headers.firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (type.contains("json") && body.length > 0) {
            try {
                JsonNode node = MAPPER.readTree(body);
                if (node != null && node.isObject()) {
                    return new XenemuException(status, text(node, "errno"), text(node, "title"), text(node, "detail"),
                            text(node, "instance"), text(node, "field"));
                }
            } catch (JacksonException ignored) {
                // not JSON after all: fall through to the plain form
            }
        }
        String text = new String(body, 0, Math.min(body.length, 512), StandardCharsets.UTF_8).strip();
        return new XenemuException(status, null, "HTTP " + status, text.isEmpty() ? null : text, null, null);
    }

    private static String text(JsonNode node, String member) {
        JsonNode v = node.get(member);
        return v == null || v.isNull() ? null : v.asString();
    }

    /**
     * Opens a server-sent-event stream: waits up to the request timeout for the status and headers
     * (an error status is thrown as {@link XenemuException}), then hands events to the stream as the
     * JDK client delivers them. No thread of this client's own is used.
     */
    <T> XenemuStream<T> openStream(HttpRequest.Builder request, Function<SseEvent, Optional<T>> convert) {
        // No request timeout on the exchange itself: a stream is meant to stay open.
        HttpRequest built = request.header("Accept", "text/event-stream").timeout(Duration.ofDays(365)).build();
        CompletableFuture<HttpResponse<Object>> future = client.sendAsync(built, info -> {
            if (info.statusCode() == 200) {
                SseSubscriber<T> subscriber = new SseSubscriber<>(convert);
                return HttpResponse.BodySubscribers.mapping(subscriber, s -> (Object) s);
            }
            return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofByteArray(),
                    bytes -> (Object) problem(info.statusCode(), info.headers(), bytes));
        });
        Object body;
        try {
            body = future.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS).body();
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new UncheckedIOException(new java.net.http.HttpTimeoutException(
                    "GET " + built.uri() + ": no answer within " + requestTimeout));
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("GET " + built.uri() + " interrupted"));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new UncheckedIOException("GET " + built.uri() + ": " + cause.getMessage(),
                    cause instanceof IOException io ? io : new IOException(cause));
        }
        if (body instanceof XenemuException problem) {
            throw problem;
        }
        @SuppressWarnings("unchecked")
        SseSubscriber<T> subscriber = (SseSubscriber<T>) body;
        return subscriber.stream();
    }

    /** Percent-encodes a xenstore path for a URL: the path's own bytes stay, anything else is escaped. */
    static String encodePath(String path) {
        return encode(path, true);
    }

    /** Percent-encodes one URL segment or query value. */
    static String encodeSegment(String segment) {
        return encode(segment, false);
    }

    private static String encode(String s, boolean keepSlash) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.' || c == '~' || c == '@' || keepSlash && c == '/') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return b.toString();
    }
}
