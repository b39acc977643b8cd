package org.xenemu.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 18's long-advance figures, compared between two builds under the same conditions: the whole
 * service (packaged defaults, manual clock, {@code -Xmx512m}) in a child JVM, 11 tmem guests, a warm-up
 * of 30 advances of 600 s, then 30 advances of 600 s (no stream) and one advance of D virtual days.
 * The builds run interleaved A, B, (C,) A, B…, each run in a fresh JVM; each phase prints its wall time,
 * the service's CPU seconds (user + system, from {@code /proc/<pid>/stat}, less sensitive to a loaded
 * machine than wall time) and the load average before it.
 * Run: {@code ./mvnw -q -Pbench test-compile exec:java -Dbench=org.xenemu.bench.AdvanceAbBench
 * -Dexec.args="[rounds=2] [days=30]" -Da.classpath=<build A's classes:deps> [-Db.classpath=...]
 * [-Dc.classpath=...]} (a missing A or B classpath is this build's; C runs only when given).
 */
public final class AdvanceAbBench {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final double TICKS = 100.0;

    private AdvanceAbBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        String own = ServiceProcess.ownClasspath();
        java.util.Map<String, String> builds = new java.util.LinkedHashMap<>();
        builds.put("A", System.getProperty("a.classpath", own));
        builds.put("B", System.getProperty("b.classpath", own));
        String c = System.getProperty("c.classpath");
        if (c != null) {
            builds.put("C", c);
        }
        List<String> rows = new ArrayList<>();
        rows.add("| run | build | load before | 30×600 s wall / CPU | " + days + " days wall / CPU |");
        rows.add("|---|---|---|---|---|");
        for (int r = 0; r < rounds; r++) {
            for (String build : builds.keySet()) {
                String row = run(builds.get(build), days);
                System.out.printf("round %d, build %s: %s%n", r + 1, build, row);
                rows.add("| " + (r + 1) + " | " + build + " | " + row + " |");
            }
        }
        System.out.println();
        rows.forEach(System.out::println);
    }

    private static String run(String cp, int days) throws Exception {
        try (ServiceProcess service = ServiceProcess.start(cp, "advance-ab")) {
            Process server = service.process();
            String base = service.base();
            for (int i = 0; i < 11; i++) {
                HttpResponse<String> r = send(base + "/api/v1/domains", "{\"name\":\"g" + i
                        + "\",\"memoryKiB\":262144,\"staticMaxKiB\":524288,\"kernel\":{\"tmem\":true}}");
                if (r.statusCode() != 201) {
                    throw new IllegalStateException("create: " + r.statusCode() + " " + r.body());
                }
            }
            advances(base, 30, 600);
            String load = loadAverage();
            String shortRun = timed(server, () -> advances(base, 30, 600));
            String longRun = timed(server, () -> advances(base, 1, days * 86_400L));
            return load + " | " + shortRun + " | " + longRun + " (pid " + server.pid() + ")";
        }
    }

    private interface Phase {
        void run() throws Exception;
    }

    private static String timed(Process server, Phase phase) throws Exception {
        double cpu = cpuSeconds(server);
        long start = System.nanoTime();
        phase.run();
        double wall = (System.nanoTime() - start) / 1e9;
        return String.format("%.2f s / %.2f s", wall, cpuSeconds(server) - cpu);
    }

    private static void advances(String base, int n, long seconds) throws Exception {
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = send(base + "/api/v1/clock/advance", "{\"seconds\":" + seconds + "}");
            if (r.statusCode() != 200) {
                throw new IllegalStateException("advance: " + r.statusCode() + " " + r.body());
            }
        }
    }

    private static double cpuSeconds(Process p) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields 14 and 15 of stat (utime, stime), here 12 and 13 after pid and comm
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS;
    }

    private static String loadAverage() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    private static HttpResponse<String> send(String url, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
