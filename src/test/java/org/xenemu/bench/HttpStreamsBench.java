package org.xenemu.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 18's event-stream and long-advance figures, against the whole service (Spring Boot, the
 * packaged defaults, manual clock) in a child JVM whose threads and RSS are read from {@code /proc}:
 * <ol>
 * <li>11 tmem guests (selfballoon and frontswap publish events as time moves);</li>
 * <li>30 advances of 600 virtual seconds with no stream, with N {@code /events} streams whose readers
 *     never read (a small receive buffer: they stall at once), and with N that read everything;</li>
 * <li>H streams held open (not read): the service's threads and RSS;</li>
 * <li>W xenstore watch streams whose clients vanish (RST): the seconds until {@code /xenstore/quota/0}
 *     no longer counts their watches (the README promises two keep-alive periods);</li>
 * <li>one advance of a virtual year alone, then another while {@code GET /host} is asked every 50 ms:
 *     the advances' wall time and the latency of those requests.</li>
 * </ol>
 * Run: {@code ./mvnw -q -Pbench test-compile exec:java -Dbench=org.xenemu.bench.HttpStreamsBench
 * -Dexec.args="[streams=100] [held=300] [watches=50] [keepAliveSeconds=15] [year=true]" [-Dserver.classpath=...]}
 * ({@code -Dserver.classpath}: another build's classes and dependencies, e.g. main's, for the
 * figures before a change).
 */
public final class HttpStreamsBench {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpStreamsBench() {
    }

    public static void main(String[] args) throws Exception {
        int streams = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int held = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int watches = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int keepAlive = args.length > 3 ? Integer.parseInt(args[3]) : 15;
        boolean year = args.length <= 4 || Boolean.parseBoolean(args[4]);
        String cp = System.getProperty("server.classpath", ServiceProcess.ownClasspath());
        try (ServiceProcess service = ServiceProcess.start(cp, "streams-bench",
                "--xenemu.events.keep-alive-seconds=" + keepAlive)) {
            Process server = service.process();
            int port = service.port();
            String base = service.base();
            System.out.printf("service pid %d on port %d, %s, keep-alive %d s, %d CPUs%n%n", server.pid(), port,
                    System.getProperty("server.classpath") == null ? "this build" : "-Dserver.classpath build",
                    keepAlive, Runtime.getRuntime().availableProcessors());
            for (int i = 0; i < 11; i++) {
                HttpResponse<String> r = send(base + "/api/v1/domains", "POST", "{\"name\":\"g" + i
                        + "\",\"memoryKiB\":262144,\"staticMaxKiB\":524288,\"kernel\":{\"tmem\":true}}");
                if (r.statusCode() != 201) {
                    throw new IllegalStateException("create: " + r.statusCode() + " " + r.body());
                }
            }
            System.out.printf("idle with 11 tmem guests: %s%n", proc(server));
            advances(base, "warm-up: 30 advances of 600 s, no stream", 30);
            advances(base, "30 advances of 600 s, no stream", 30);

            List<Socket> stalled = openStreams(port, streams, "/api/v1/events", true);
            advances(base, "30 advances of 600 s, " + streams + " streams that never read", 30);
            System.out.printf("  service with them: %s%n", proc(server));
            closeAll(stalled);

            List<Socket> reading = openStreams(port, streams, "/api/v1/events", false);
            List<Thread> readers = new ArrayList<>();
            long[] bytes = new long[1];
            for (Socket s : reading) {
                Thread t = new Thread(() -> drain(s, bytes));
                t.setDaemon(true);
                t.start();
                readers.add(t);
            }
            advances(base, "30 advances of 600 s, " + streams + " streams read at once", 30);
            closeAll(reading);
            Thread.sleep(1000);
            advances(base, "30 advances of 600 s, no stream (again)", 30);
            stalled = openStreams(port, streams, "/api/v1/events", true);
            advances(base, "30 advances of 600 s, " + streams + " streams that never read (again)", 30);
            closeAll(stalled);
            Thread.sleep(1000);

            List<Socket> heldStreams = openStreams(port, held, "/api/v1/events", true);
            Thread.sleep(3000);
            System.out.printf("%n%d /events streams held open: %s%n", held, proc(server));
            closeAll(heldStreams);
            Thread.sleep(3000);
            System.out.printf("… closed, 3 s later: %s%n", proc(server));

            deadWatches(base, port, watches, keepAlive, true);
            deadWatches(base, port, watches, keepAlive, false);

            if (year) {
                longAdvance(base, false);
                longAdvance(base, true);
            }
            System.out.printf("%nat the end: %s%n", proc(server));
        }
    }

    /** W watch streams whose clients go away, by a reset ({@code rst}) or an ordinary close (FIN). */
    private static void deadWatches(String base, int port, int watches, int keepAlive, boolean rst) throws Exception {
        long before = watchCount(base);
        List<Socket> watchStreams = new ArrayList<>();
        for (int i = 0; i < watches; i++) {
            watchStreams.addAll(openStreams(port, 1, "/api/v1/xenstore/watch?path=/local/domain/0&token=w" + i, false));
        }
        long opened = before;
        for (int i = 0; i < 100 && opened < before + watches; i++) {
            Thread.sleep(100);
            opened = watchCount(base);
        }
        long gone = System.nanoTime();
        for (Socket s : watchStreams) {
            if (rst) {
                s.setSoLinger(true, 0);
            }
            s.close();
        }
        long released = -1;
        while (System.nanoTime() - gone < Duration.ofSeconds(keepAlive * 10L).toNanos()) {
            if (watchCount(base) <= before) {
                released = (System.nanoTime() - gone) / 1_000_000;
                break;
            }
            Thread.sleep(250);
        }
        System.out.printf("%n%d watch streams (dom0 watches %d → %d), clients %s: all released after %s%n", watches,
                before, opened, rst ? "reset (RST)" : "closed (FIN)",
                released < 0 ? "more than " + keepAlive * 10 + " s" : released + " ms");
    }

    private static void advances(String base, String what, int n) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = send(base + "/api/v1/clock/advance", "POST", "{\"seconds\":600}");
            if (r.statusCode() != 200) {
                throw new IllegalStateException("advance: " + r.statusCode() + " " + r.body());
            }
        }
        if (n > 1) {
            System.out.printf("%s: %.3f s%n", what, (System.nanoTime() - start) / 1e9);
        }
    }

    private static void longAdvance(String base, boolean probe) throws Exception {
        if (!probe) {
            long start = System.nanoTime();
            send(base + "/api/v1/clock/advance", "POST", "{\"seconds\":31536000}");
            System.out.printf("%none advance of a virtual year (11 tmem guests), nobody else calling: %.1f s%n",
                    (System.nanoTime() - start) / 1e9);
            return;
        }
        List<Long> micros = new ArrayList<>();
        Thread advance = new Thread(() -> {
            try {
                send(base + "/api/v1/clock/advance", "POST", "{\"seconds\":31536000}");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long start = System.nanoTime();
        advance.start();
        while (advance.isAlive()) {
            long t = System.nanoTime();
            get(base + "/api/v1/host");
            micros.add((System.nanoTime() - t) / 1000);
            Thread.sleep(50);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        micros.sort(null);
        System.out.printf("%none advance of a virtual year (11 tmem guests): %.1f s; GET /host meanwhile: %d requests, "
                + "median %.1f ms, p99 %.1f ms, max %.1f ms%n", wall, micros.size(),
                micros.get(micros.size() / 2) / 1e3, micros.get(Math.min(micros.size() - 1, micros.size() * 99 / 100)) / 1e3,
                micros.get(micros.size() - 1) / 1e3);
    }

    private static long watchCount(String base) throws Exception {
        String body = get(base + "/api/v1/xenstore/quota/0").body();
        Matcher m = Pattern.compile("\"usage\":\\{[^}]*\"watches?\":(\\d+)").matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no watch count in " + body);
        }
        return Long.parseLong(m.group(1));
    }

    private static List<Socket> openStreams(int port, int n, String path, boolean stall) throws IOException {
        List<Socket> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Socket s = new Socket();
            if (stall) {
                s.setReceiveBufferSize(4096);
            }
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port));
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            out.add(s);
        }
        return out;
    }

    private static void drain(Socket s, long[] bytes) {
        byte[] buf = new byte[65536];
        try (InputStream in = s.getInputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                bytes[0] += n;
            }
        } catch (IOException closed) {
            // the bench closed it
        }
    }

    private static void closeAll(List<Socket> sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static String proc(Process p) throws IOException {
        String threads = "?";
        String rss = "?";
        for (String line : Files.readAllLines(Path.of("/proc/" + p.pid() + "/status"))) {
            if (line.startsWith("Threads:")) {
                threads = line.substring(8).trim();
            } else if (line.startsWith("VmRSS:")) {
                rss = line.substring(6).trim();
            }
        }
        return "threads " + threads + ", RSS " + rss;
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(String url, String method, String json)
            throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(10))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
