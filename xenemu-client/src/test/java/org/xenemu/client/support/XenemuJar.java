package org.xenemu.client.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged xenemu service started once per test JVM as a child process, as a toolstack would
 * run it: {@code java -jar <jar> --server.port=0 --xenemu.run-dir=<tmp> --xenemu.clock.mode=manual
 * --xenemu.data-dir=<tmp>/data} (snapshots go to the temporary directory, not the working one)
 * (open mode: no token, the caller is dom0). The jar is the system property {@code xenemu.jar},
 * else {@code ../target/xenemu-*.jar} (build it with {@code ./mvnw -q -DskipTests package} at the
 * top level). Missing jar: the test is skipped with that reason (failed in CI). The process is
 * stopped when the JVM exits.
 */
public final class XenemuJar {
    private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");
    private static XenemuJar instance;
    private static String failure;

    private final Process process;
    private final Path runDir;
    private final Path log;
    private final URI baseUrl;

    private XenemuJar(Process process, Path runDir, Path log, URI baseUrl) {
        this.process = process;
        this.runDir = runDir;
        this.log = log;
        this.baseUrl = baseUrl;
    }

    /** The running service, started on first use; skips (or fails in CI) without a jar. */
    public static synchronized XenemuJar get() {
        Optional<Path> jar = findJar();
        Require.that(jar.isPresent(), "no xenemu service jar (system property xenemu.jar, or ../target/xenemu-*.jar): "
                + "build it with ./mvnw -q -DskipTests package at the top level");
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
        if (instance == null) {
            try {
                instance = start(jar.get());
            } catch (RuntimeException | Error e) {
                failure = "the xenemu jar did not start: " + e.getMessage();
                throw e;
            }
        }
        return instance;
    }

    /** Whether a jar can be found (to discover sockets without starting anything yet). */
    public static boolean available() {
        return findJar().isPresent();
    }

    static Optional<Path> findJar() {
        String configured = System.getProperty("xenemu.jar", "");
        if (!configured.isBlank()) {
            Path p = Path.of(configured);
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        }
        Path target = Path.of("..", "target");
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "xenemu-*.jar")) {
            jars.forEach(found::add);
        } catch (IOException e) {
            return Optional.empty();
        }
        return found.stream().filter(p -> !p.getFileName().toString().contains("-client")
                        && !p.getFileName().toString().contains("-testcontainers"))
                .max((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified()));
    }

    private static XenemuJar start(Path jar) {
        try {
            Path runDir = Files.createTempDirectory(Path.of("/tmp"), "xsc");
            Path target = Path.of("target");
            Path log = Files.isDirectory(target) ? Files.createTempFile(target, "xenemu-jar", ".log")
                    : Files.createTempFile("xenemu-jar", ".log");
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Xss512k", "-jar",
                    jar.toAbsolutePath().toString(), "--server.port=0", "--xenemu.run-dir=" + runDir,
                    "--xenemu.clock.mode=manual", "--xenemu.events.keep-alive-seconds=1",
                    "--xenemu.data-dir=" + runDir.resolve("data"))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Process process = pb.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stop(process);
                deleteTree(runDir);
            }, "xenemu-jar-stop"));
            int port = awaitPort(process, log, Duration.ofMinutes(3));
            URI base = URI.create("http://127.0.0.1:" + port);
            awaitHealthy(process, base, log, Duration.ofMinutes(1));
            awaitSocket(runDir.resolve("socket"), Duration.ofSeconds(30));
            return new XenemuJar(process, runDir, log, base);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int awaitPort(Process process, Path log, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = STARTED.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("xenemu exited with " + process.exitValue() + "; log " + log + ":\n"
                        + tail(log));
            }
            pause(200);
        }
        stop(process);
        throw new IllegalStateException("xenemu did not log 'Tomcat started on port' within " + timeout + "; log " + log);
    }

    private static void awaitHealthy(Process process, URI base, Path log, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/actuator/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException e) {
                // not yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause(200);
        }
        throw new IllegalStateException("xenemu did not turn healthy; log " + log + ":\n" + tail(log));
    }

    private static void awaitSocket(Path socket, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(socket)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no xenstored socket at " + socket);
            }
            pause(50);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void stop(Process process) {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** dom0's xenstored socket. */
    public Path dom0Socket() {
        return runDir.resolve("socket");
    }

    /** Guest {@code domid}'s socket (a xenemu extension). */
    public Path guestSocket(int domid) {
        return runDir.resolve("domains").resolve(Integer.toString(domid)).resolve("socket");
    }

    public Path log() {
        return log;
    }
}
