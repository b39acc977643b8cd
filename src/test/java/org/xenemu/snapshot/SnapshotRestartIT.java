package org.xenemu.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xenemu.xenstore.wire.RealClients;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 16's black-box restart: the packaged jar with {@code xenemu.snapshot.save-on-exit},
 * stopped with SIGTERM in the middle of work (a balloon backing off under host pressure, another
 * ballooning towards a target, a workload swapping), started again with
 * {@code xenemu.snapshot.restore}: the same domains, host, targets and timers over REST, the same
 * tree through the real {@code xenstore-ls} on the dom0 socket, the restored domains' guest
 * sockets back; then a restore over HTTP on the running service gives the same future twice.
 */
class SnapshotRestartIT {
    private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> started = new ArrayList<>();

    @TempDir
    Path tmp;

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    record Service(Process process, URI base, Path runDir, Path log) {
    }

    private Service start(String name, String... properties) throws IOException, InterruptedException {
        String jar = System.getProperty("xenemu.jar", "");
        assumeTrue(!jar.isBlank() && Files.isRegularFile(Path.of(jar)), "no packaged jar (run through failsafe)");
        Path runDir = Files.createTempDirectory(Path.of("/tmp"), "xsr");
        Path log = tmp.resolve(name + ".log");
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:TieredStopAtLevel=1", "-jar", jar, "--server.port=0", "--xenemu.run-dir=" + runDir,
                "--xenemu.data-dir=" + tmp.resolve("data")));
        cmd.addAll(List.of(properties));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(p);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            Matcher m = STARTED.matcher(Files.readString(log));
            if (m.find()) {
                Service s = new Service(p, URI.create("http://127.0.0.1:" + m.group(1)), runDir, log);
                while (!Files.exists(runDir.resolve("socket"))) {
                    Thread.sleep(50);
                }
                return s;
            }
            if (!p.isAlive()) {
                throw new IllegalStateException("xenemu exited: " + Files.readString(log));
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("xenemu did not start: " + Files.readString(log));
    }

    private JsonNode call(Service s, String method, String path, String body, int expected)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(s.base().resolve("/api/v1" + path))
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
        return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    }

    private static String xenstoreLs(Service s) throws IOException, InterruptedException {
        RealClients.Result r = RealClients.run(s.runDir().resolve("socket"), "xenstore-ls", "-f", "-p");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return r.stdout();
    }

    @Test
    void aServiceStoppedMidWorkComesBackTheSame() throws Exception {
        RealClients.assumeXenstoreUtils();
        Service first = start("first", "--xenemu.clock.mode=manual", "--xenemu.snapshot.save-on-exit=on-exit");
        call(first, "POST", "/domains", "{\"name\":\"web\",\"memoryKiB\":131072,\"staticMaxKiB\":262144,"
                + "\"kernel\":{\"swapKiB\":65536,\"tmem\":true}}", 201);
        call(first, "POST", "/domains", "{\"name\":\"db\",\"memoryKiB\":131072,\"staticMaxKiB\":524288}", 201);
        JsonNode pid = call(first, "POST", "/domains/1/processes", "{\"name\":\"app\"}", 201);
        JsonNode mapping = call(first, "POST", "/domains/1/processes/" + pid.get("pid") + "/mappings",
                "{\"kind\":\"anonymous\",\"shared\":false,\"writable\":true,\"kib\":65536}", 201);
        call(first, "POST", "/domains/1/processes/" + pid.get("pid") + "/mappings/" + mapping.get("id") + "/touch",
                "{\"kib\":60000}", 200);
        call(first, "PUT", "/domains/1/memory/target", "{\"kib\":100000}", 204);
        call(first, "POST", "/clock/advance", "{\"seconds\":2}", 200);
        // everything free goes to pressure: db's balloon-up backs off and keeps a timer pending
        call(first, "PUT", "/host/pressure", "{\"kib\":100000000}", 200);
        call(first, "PUT", "/domains/2/memory/target", "{\"kib\":400000}", 204);
        call(first, "POST", "/clock/advance", "{\"seconds\":5}", 200);
        call(first, "PUT", "/xenstore/nodes/local/domain/2/data/note", "kept", 204);

        JsonNode domains = call(first, "GET", "/domains", "", 200);
        JsonNode host = call(first, "GET", "/host", "", 200);
        JsonNode clock = call(first, "GET", "/clock", "", 200);
        String tree = xenstoreLs(first);
        assertThat(domains.get(2).get("balloon").get("nextStepJiffies").isNumber()).as("a timer is pending").isTrue();
        assertThat(domains.get(2).get("balloon").get("state").asString()).isEqualTo("EAGAIN");

        first.process().destroy(); // SIGTERM: Spring's graceful shutdown runs the exit hook
        assertThat(first.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(first.log())).contains("snapshot on-exit saved: 3 domains");
        assertThat(tmp.resolve("data").resolve("on-exit.snapshot")).isRegularFile();

        Service second = start("second", "--xenemu.snapshot.restore=on-exit");
        assertThat(call(second, "GET", "/domains", "", 200)).isEqualTo(domains);
        assertThat(call(second, "GET", "/host", "", 200)).isEqualTo(host);
        JsonNode clockAfter = call(second, "GET", "/clock", "", 200);
        assertThat(clockAfter.get("jiffies")).isEqualTo(clock.get("jiffies"));
        assertThat(clockAfter.get("mode").asString()).isEqualTo("manual");
        assertThat(xenstoreLs(second)).isEqualTo(tree);
        awaitFile(second.runDir().resolve("domains/1/socket"));
        awaitFile(second.runDir().resolve("domains/2/socket"));

        // the same future twice: advance, look, restore over HTTP, advance, look
        call(second, "POST", "/snapshots", "{\"name\":\"again\"}", 201);
        call(second, "PUT", "/host/pressure", "{\"kib\":0}", 200);
        call(second, "POST", "/clock/advance", "{\"seconds\":70}", 200);
        JsonNode future = call(second, "GET", "/domains", "", 200);
        String futureTree = xenstoreLs(second);
        call(second, "POST", "/snapshots/again/restore", "", 204);
        assertThat(call(second, "GET", "/domains", "", 200)).isEqualTo(domains);
        awaitFile(second.runDir().resolve("socket"));
        call(second, "PUT", "/host/pressure", "{\"kib\":0}", 200);
        call(second, "POST", "/clock/advance", "{\"seconds\":70}", 200);
        assertThat(call(second, "GET", "/domains", "", 200)).isEqualTo(future);
        assertThat(xenstoreLs(second)).isEqualTo(futureTree);
        assertThat(future.get(2).get("currentKiB").asLong()).isGreaterThan(domains.get(2).get("currentKiB").asLong());
    }

    @Test
    void squeezedMidCallComesBackAndGoesOnTheSame() throws Exception {
        Service first = start("squeezed", "--xenemu.clock.mode=manual", "--xenemu.balancer.policy=squeezed",
                "--xenemu.host.memory-kib=3145728", "--xenemu.snapshot.save-on-exit=squeezed");
        for (String name : List.of("a", "b", "c")) {
            call(first, "POST", "/domains", "{\"name\":\"" + name + "\",\"memoryKiB\":393216,\"staticMaxKiB\":524288,"
                    + "\"dynamicMinKiB\":131072,\"dynamicMaxKiB\":393216}", 201);
        }
        call(first, "PUT", "/domains/3/balloon/fault", "{\"mode\":\"stuck\"}", 200);
        call(first, "POST", "/host/reservations", "{\"kib\":1048576}", 202);
        call(first, "POST", "/clock/advance", "{\"seconds\":2}", 200);
        JsonNode balancer = call(first, "GET", "/host/balancer", "", 200);
        JsonNode reservations = call(first, "GET", "/host/reservations", "", 200);
        JsonNode domains = call(first, "GET", "/domains", "", 200);
        assertThat(balancer.path("running").isString()).as("squeezed is mid-call: " + balancer).isTrue();

        first.process().destroy();
        assertThat(first.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        Service second = start("squeezed-again", "--xenemu.snapshot.restore=squeezed");
        assertThat(call(second, "GET", "/host/balancer", "", 200)).isEqualTo(balancer);
        assertThat(call(second, "GET", "/host/reservations", "", 200)).isEqualTo(reservations);
        assertThat(call(second, "GET", "/domains", "", 200)).isEqualTo(domains);

        // the call goes on to the same end twice
        call(second, "POST", "/snapshots", "{\"name\":\"mid-call\"}", 201);
        call(second, "POST", "/clock/advance", "{\"seconds\":40}", 200);
        JsonNode after = call(second, "GET", "/host/reservations", "", 200);
        JsonNode afterDomains = call(second, "GET", "/domains", "", 200);
        call(second, "POST", "/snapshots/mid-call/restore", "", 204);
        call(second, "POST", "/clock/advance", "{\"seconds\":40}", 200);
        assertThat(call(second, "GET", "/host/reservations", "", 200)).isEqualTo(after);
        assertThat(call(second, "GET", "/domains", "", 200)).isEqualTo(afterDomains);
        assertThat(after.get(0).get("state").asString()).isNotEqualTo("pending");
    }

    @Test
    void aStartWithAFileOfAnotherVersionIsRefusedWithItsReason() throws Exception {
        Path file = tmp.resolve("v9.snapshot");
        Files.writeString(file, "xenemu-snapshot 9\n{}\n", StandardCharsets.US_ASCII);
        String jar = System.getProperty("xenemu.jar", "");
        assumeTrue(!jar.isBlank() && Files.isRegularFile(Path.of(jar)), "no packaged jar (run through failsafe)");
        Path log = tmp.resolve("refused.log");
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-XX:TieredStopAtLevel=1", "-jar", jar, "--server.port=0",
                "--xenemu.run-dir=" + Files.createTempDirectory(Path.of("/tmp"), "xsr"),
                "--xenemu.snapshot.restore=" + file).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(p);
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).isNotZero();
        assertThat(Files.readString(log)).contains("snapshot format version 9, this xenemu reads 1");
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Files.exists(file)) {
            assertThat(System.nanoTime()).as("waiting for " + file).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
