package org.xenemu.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 18's HTTP campaign as a program: hostile requests over every operation the service's own
 * OpenAPI document lists — path variables, bodies, headers, queries and methods drawn from pools of
 * bad and borderline values, with a few valid ones so that state moves — and after every refused
 * request that could change something, a check that nothing changed (host, domains, the whole
 * xenstore tree, the clock, the event sequence). Findings: a 5xx, a refusal that is not
 * problem+json with an errno, a refusal that changed state, a request with no answer in 10 s.
 *
 * <p>Left out: the two server-sent-event resources ({@code GET /events} without {@code after},
 * {@code GET /xenstore/watch}; their refusals are covered by their own tests), {@code realtime}
 * as a clock mode and advances beyond a virtual day (time must stand still between the checks),
 * and request lines or headers the JDK client will not send (MalformedRequestBlackBoxTest sends
 * those raw). Used by {@code HttpFuzzTest} (bounded, in {@code ./mvnw verify}) and
 * {@code org.xenemu.bench.HttpFuzzBench} (longer, prints the figures).
 */
public final class HttpFuzzer {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String[] METHODS = {"GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS"};
    private static final String[] IDS = {"0", "1", "2", "3", "4", "7", "32751", "32752", "65535", "-1", "01", "+1",
        "1e3", "0x1", "abc", "99999999999999999999", "4294967297", "%00", "1%2F2", "%20", "1;x=y", "1.0", "x".repeat(300),
        "%E2%82%AC", "null", "true"};
    private static final String[] NAMES = {"name", "memoryKiB", "maxKiB", "kib", "node", "mode", "speed", "seconds",
        "value", "perms", "kind", "shared", "writable", "target", "targetKiB", "vcpus", "type", "bytes", "offset",
        "pages", "enabled", "value", "hz", "id", "pid", "tunable"};
    private static final String[] STRINGS = {"", "x", "manual", "pv", "hvm", "anonymous", "file", "true", "0",
        "-1", "a b", "../..", "/local/domain/0", "\\u0000", "n0", "b1", "\\ud800", "é", "x".repeat(5000)};
    private static final String[] NUMBERS = {"0", "1", "-1", "-0", "7", "4096", "65536", "2147483648",
        "1099511627776", "1099511627777", "9223372036854775807", "9223372036854775808", "1e400", "-1e400", "1.5",
        "1e3", "0.000001", "86400"};
    private static final String[] MALFORMED = {"", "{", "}", "[]", "null", "\"s\"", "{}garbage", "{\"a\":1}{}",
        "{\"name\":\"a\",\"name\":\"b\"}", "{'name':'x'}", "{\"name\":\"x\",}", "\u0000", "{\"a\":" + "[".repeat(2000)};
    private static final String[] CONTENT_TYPES = {"application/json", "application/json", "application/json",
        "text/plain", "application/xml", "application/json;charset=latin1", "*/*", "application/problem+json"};
    private static final String[] ACCEPTS = {"application/json", "*/*", "text/plain", "image/png", "text/html",
        "application/problem+json", "x"};
    private static final String[] DOMID_HEADERS = {"0", "1", "2", "32752", "01", "-1", "x", " 1", "1,2"};
    private static final String[] XS_PATHS = {"local", "local/domain/0", "local/domain/1/memory/target", "tool",
        "local/domain/1", "..", "a%20b", "%00", "a/./b", "@releaseDomain", "x".repeat(3000), "local//domain", "%2F"};

    /** What the campaign found; {@link #findings} holds the first few in full. */
    public static final class Report {
        public long tried;
        public long skipped;
        public long status2xx;
        public long status4xx;
        public long status5xx;
        public long nonProblemRefusals;
        public long stateChecks;
        public long stateChangedAfterRefusal;
        public long noAnswer;
        public long maxMillis;
        public final Map<Integer, Long> byStatus = new java.util.TreeMap<>();
        public final List<String> findings = new ArrayList<>();

        public long findingCount() {
            return status5xx + nonProblemRefusals + stateChangedAfterRefusal + noAnswer;
        }

        @Override
        public String toString() {
            return String.format("requests=%d (skipped, not sendable: %d) 2xx=%d 4xx=%d 5xx=%d non-problem refusals=%d "
                    + "state checks after refusals=%d state changed=%d no answer in 10 s=%d slowest=%d ms statuses=%s",
                    tried, skipped, status2xx, status4xx, status5xx, nonProblemRefusals, stateChecks,
                    stateChangedAfterRefusal, noAnswer, maxMillis, byStatus);
        }
    }

    private record Operation(String method, String template) {
    }

    private final String base;
    private final Random random;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Operation> operations = new ArrayList<>();

    public HttpFuzzer(int port, long seed) {
        this.base = "http://127.0.0.1:" + port;
        this.random = new Random(seed);
    }

    /** The operations of the OpenAPI document, less the two event streams. */
    public int discover() throws Exception {
        HttpResponse<String> docs = client.send(HttpRequest.newBuilder(URI.create(base + "/v3/api-docs"))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode paths = JSON.readTree(docs.body()).get("paths");
        for (String path : paths.propertyNames()) {
            for (String method : paths.get(path).propertyNames()) {
                String m = method.toUpperCase(java.util.Locale.ROOT);
                if (m.equals("GET") && (path.equals("/api/v1/xenstore/watch") || path.equals("/api/v1/events"))) {
                    continue;
                }
                operations.add(new Operation(m, path));
            }
        }
        operations.add(new Operation("GET", "/api/v1/events"));
        return operations.size();
    }

    public Report run(int requests) {
        Report report = new Report();
        String state = state();
        for (int i = 0; i < requests; i++) {
            Operation op = operations.get(random.nextInt(operations.size()));
            String method = random.nextInt(10) == 0 ? METHODS[random.nextInt(METHODS.length)] : op.method();
            String path = fill(op.template());
            if (op.template().equals("/api/v1/events") && method.equals("GET")) {
                path += "?after=" + pick(IDS) + (random.nextBoolean() ? "&limit=" + pick(IDS) : "");
            } else if (random.nextInt(8) == 0) {
                path += "?" + pick(NAMES) + "=" + pick(IDS);
            }
            String body = method.equals("GET") || method.equals("DELETE") || method.equals("HEAD")
                    ? (random.nextInt(10) == 0 ? body() : null) : body();
            Map<String, String> headers = headers(body != null);
            HttpRequest request;
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
                headers.forEach(b::header);
                b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
                request = b.build();
            } catch (IllegalArgumentException notSendable) {
                report.skipped++;
                continue;
            }
            report.tried++;
            long start = System.nanoTime();
            HttpResponse<String> r;
            try {
                r = client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                report.noAnswer++;
                finding(report, "no answer in 10 s", method, path, body, null);
                continue;
            } catch (java.io.IOException e) {
                report.noAnswer++;
                finding(report, "connection failed: " + e, method, path, body, null);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return report;
            }
            report.maxMillis = Math.max(report.maxMillis, (System.nanoTime() - start) / 1_000_000);
            int status = r.statusCode();
            report.byStatus.merge(status, 1L, Long::sum);
            if (status >= 500) {
                report.status5xx++;
                finding(report, "5xx", method, path, body, r);
            } else if (status >= 400) {
                report.status4xx++;
                boolean problem = r.headers().firstValue("Content-Type").orElse("")
                        .startsWith("application/problem+json");
                if (!method.equals("HEAD") && (!problem || !r.body().contains("\"errno\":\""))) {
                    report.nonProblemRefusals++;
                    finding(report, "refusal not problem+json", method, path, body, r);
                }
            } else {
                report.status2xx++;
            }
            boolean mayChange = !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
            if (mayChange && status >= 400) {
                report.stateChecks++;
                String after = state();
                if (!after.equals(state)) {
                    report.stateChangedAfterRefusal++;
                    finding(report, "state changed by a refused request", method, path, body, r);
                    state = after;
                }
            } else if (mayChange) {
                state = state();
            }
        }
        return report;
    }

    /**
     * Token mode: {@code requests} requests over every operation with no token, an unknown one or a
     * malformed header; returns how many were not 401 EACCES problem+json (each one a bypass), a
     * URL the HTTP edge refuses before anything (400 EINVAL) counting as refused.
     */
    public long unauthenticated(int requests, List<String> firstFew) throws Exception {
        // not "bearer <admin token>": the scheme is case-insensitive (RFC 9110), so that one is the admin
        String[] auth = {"", "Bearer nope", "Bearer ", "Basic czNjcmV0", "Bearer s3cret x", "Bearer s3cre",
            "Bearer S3CRET", "Token s3cret"};
        long bypass = 0;
        for (int i = 0; i < requests; i++) {
            Operation op = operations.get(i % operations.size());
            String path = fill(op.template()) + (op.template().equals("/api/v1/events") ? "?after=0" : "");
            HttpRequest.Builder b;
            try {
                b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
            } catch (IllegalArgumentException notSendable) {
                continue;
            }
            String a = pick(auth);
            if (!a.isEmpty()) {
                b.header("Authorization", a);
            }
            String body = op.method().equals("GET") || op.method().equals("DELETE") ? null : body();
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            b.method(op.method(), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            // the HTTP edge refuses a URL it cannot parse (%00) or a path parameter before any caller is resolved
            boolean refused = r.statusCode() == 401 && r.body().contains("\"errno\":\"EACCES\"")
                    || r.statusCode() == 400 && (r.body().contains("rejected by the HTTP server")
                    || r.body().contains("path parameters"));
            if (!refused) {
                bypass++;
                if (firstFew.size() < 10) {
                    firstFew.add(op.method() + " " + clip(path) + " [" + a + "] -> " + r.statusCode() + " " + clip(r.body()));
                }
            }
        }
        return bypass;
    }

    private void finding(Report report, String what, String method, String path, String body,
                         HttpResponse<String> r) {
        if (report.findings.size() < 20) {
            report.findings.add(what + ": " + clip(method) + " " + clip(path) + " body=" + clip(String.valueOf(body))
                    + (r == null ? "" : " -> " + r.statusCode() + " " + clip(r.body())));
        }
    }

    private static String clip(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    /** What a refused request must not change: host, domains, every xenstore node, the clock, the event count. */
    private String state() {
        StringBuilder out = new StringBuilder();
        for (String p : new String[] {"/api/v1/host", "/api/v1/domains", "/api/v1/xenstore/tree", "/api/v1/clock",
            "/api/v1/events?after=0&limit=1"}) {
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + p))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                out.append(r.statusCode()).append(' ').append(p.contains("events") ? lastSeq() : r.body()).append('\n');
            } catch (Exception e) {
                out.append(p).append(" failed: ").append(e).append('\n');
            }
        }
        return out.toString();
    }

    private String lastSeq() throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/events?limit=1"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    private String fill(String template) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                out.append(template, i, template.length());
                break;
            }
            int close = template.indexOf('}', open);
            out.append(template, i, open);
            out.append(random.nextInt(3) == 0 ? pick(IDS) : String.valueOf(random.nextInt(4)));
            i = close + 1;
        }
        String path = out.toString();
        if (path.endsWith("/**")) {
            path = path.substring(0, path.length() - 2) + pick(XS_PATHS);
        }
        return path;
    }

    private String body() {
        int kind = random.nextInt(10);
        if (kind == 0) {
            return pick(MALFORMED);
        }
        Map<String, String> members = new LinkedHashMap<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            members.put(pick(NAMES), value(0));
        }
        StringBuilder out = new StringBuilder("{");
        members.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        out.append('}');
        return kind == 1 ? out + " garbage" : out.toString();
    }

    private String value(int depth) {
        return switch (random.nextInt(depth > 2 ? 4 : 7)) {
            case 0, 1 -> "\"" + pick(STRINGS) + "\"";
            case 2 -> pick(NUMBERS);
            case 3 -> random.nextBoolean() ? "true" : (random.nextBoolean() ? "false" : "null");
            case 4 -> "[" + value(depth + 1) + (random.nextBoolean() ? "," + value(depth + 1) : "") + "]";
            default -> "{\"" + pick(NAMES) + "\":" + value(depth + 1) + "}";
        };
    }

    private Map<String, String> headers(boolean hasBody) {
        Map<String, String> h = new LinkedHashMap<>();
        if (hasBody && random.nextInt(8) != 0) {
            h.put("Content-Type", pick(CONTENT_TYPES));
        }
        if (random.nextInt(5) == 0) {
            h.put("Accept", pick(ACCEPTS));
        }
        if (random.nextInt(5) == 0) {
            h.put("X-Xen-Domid", pick(DOMID_HEADERS));
        }
        if (random.nextInt(10) == 0) {
            h.put("X-Guest-Root", random.nextBoolean() ? "false" : "maybe");
        }
        if (random.nextInt(10) == 0) {
            h.put("Xs-Transaction", pick(IDS));
        }
        return h;
    }

    private String pick(String[] pool) {
        return pool[random.nextInt(pool.length)];
    }
}
