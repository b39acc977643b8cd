package org.xenemu.bench;

import java.io.IOException;
import java.net.ServerSocket;
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
 * The service in a JVM of its own for a bench program that must measure it from outside (its CPU
 * time, its threads, its memory): {@code java -Xmx512m -cp CP org.xenemu.XenemuApplication} on a
 * free loopback port with a manual clock and a run directory of its own, waited for until
 * {@code /actuator/health} answers 200. Closing it stops the process.
 *
 * @param base {@code http://127.0.0.1:PORT}
 * @param dir  the temporary directory holding {@code run/} and {@code server.log}
 */
record ServiceProcess(Process process, int port, String base, Path dir) implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Starts the service from classpath {@code cp} with extra {@code --name=value} arguments. */
    static ServiceProcess start(String cp, String tempPrefix, String... arguments) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory(tempPrefix);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", cp, "org.xenemu.XenemuApplication",
                "--server.port=" + port, "--server.address=127.0.0.1", "--xenemu.clock.mode=manual",
                "--xenemu.run-dir=" + dir.resolve("run"), "--logging.level.root=WARN"));
        command.addAll(List.of(arguments));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve("server.log").toFile());
        Process server = pb.start();
        ServiceProcess service = new ServiceProcess(server, port, "http://127.0.0.1:" + port, dir);
        try {
            service.awaitHealthy(Duration.ofMinutes(3));
        } catch (IOException | InterruptedException | RuntimeException e) {
            service.close();
            throw e;
        }
        return service;
    }

    private void awaitHealthy(Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IllegalStateException("service did not start; see " + dir.resolve("server.log"));
            }
            Thread.sleep(250);
        }
    }

    /** The project's classpath, also under exec:java (where java.class.path is Maven's own). */
    static String ownClasspath() {
        if (Thread.currentThread().getContextClassLoader() instanceof java.net.URLClassLoader urls) {
            List<String> entries = new ArrayList<>();
            for (java.net.URL u : urls.getURLs()) {
                entries.add(Path.of(URI.create(u.toString())).toString());
            }
            return String.join(java.io.File.pathSeparator, entries);
        }
        return System.getProperty("java.class.path");
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
