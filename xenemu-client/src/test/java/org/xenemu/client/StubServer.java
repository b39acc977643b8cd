package org.xenemu.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A JDK HttpServer that records requests and answers what a test told it to (by "METHOD /path"). */
final class StubServer implements AutoCloseable {
    record Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Handler> routes = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();

    StubServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    XenemuClient client() {
        return XenemuClient.builder().baseUrl(baseUrl()).token("admin-token").build();
    }

    void on(String methodAndPath, int status, String contentType, String body) {
        routes.put(methodAndPath, ex -> respond(ex, status, contentType, body.getBytes(StandardCharsets.UTF_8)));
    }

    void on(String methodAndPath, Handler handler) {
        routes.put(methodAndPath, handler);
    }

    Request last() {
        return requests.get(requests.size() - 1);
    }

    static void respond(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            ex.getResponseHeaders().add("Content-Type", contentType);
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        ex.close();
    }

    private void dispatch(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery(),
                Map.copyOf(ex.getRequestHeaders()), body));
        Handler h = routes.get(ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath());
        if (h == null) {
            respond(ex, 404, "application/problem+json",
                    "{\"status\":404,\"title\":\"Not Found\",\"errno\":\"ENOENT\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        h.handle(ex);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
