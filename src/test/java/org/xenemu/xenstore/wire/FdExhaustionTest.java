package org.xenemu.xenstore.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, for real: a server process out of file descriptors. The socket server runs in a child
 * JVM ({@code org.xenemu.bench.XenemuWireMain}) started under {@code ulimit -n 256}; more dom0
 * connections than that are opened and held. Before the fix the accept loop logged a stack trace
 * per attempt (339 MB in ~10 s) — and, with the classes in a directory, the selector thread died
 * of a class it could no longer open. Now: one warning, no stack trace, and once the flood goes
 * away the socket serves again.
 */
@Timeout(120)
class FdExhaustionTest {
    private static final int FD_LIMIT = 256;
    private static final int FLOOD = 2 * FD_LIMIT;

    @TempDir
    Path dir;
    Process child;
    final StringBuffer output = new StringBuffer();
    final CountDownLatch recovered = new CountDownLatch(1);
    final List<WireTestClient> flood = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (WireTestClient c : flood) {
            c.close();
        }
        if (child != null) {
            child.destroyForcibly();
        }
    }

    /** Starts the child and returns its socket, read from its first line of its own (no polling). */
    private Path startChild() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh for ulimit");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c",
            "ulimit -n " + FD_LIMIT + " && exec \"$0\" -Xmx128m -cp \"$1\" org.xenemu.bench.XenemuWireMain",
            java, System.getProperty("java.class.path"));
        pb.environment().put("RUN_DIR", dir.resolve("run").toString());
        pb.redirectErrorStream(true);
        child = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        Path socket = dir.resolve("run/socket");
        String line;
        while ((line = out.readLine()) != null && !line.equals(socket.toString())) {
            output.append(line).append('\n');
        }
        assertThat(line).as("the child's socket line; output so far:\n" + output).isNotNull();
        Thread reader = new Thread(() -> {
            try {
                String l;
                while ((l = out.readLine()) != null) {
                    output.append(l).append('\n');
                    if (l.contains("accept again")) {
                        recovered.countDown();
                    }
                }
            } catch (IOException e) {
                // the child is gone
            }
        });
        reader.setDaemon(true);
        reader.start();
        output.setLength(0); // count only what the flood makes it log
        return socket;
    }

    @Test
    void outOfFileDescriptorsTheServerLogsOnceAndServesAgainWhenSomeAreFree() throws Exception {
        Path socket = startChild();
        try (WireTestClient first = new WireTestClient(socket)) {
            assertThat(first.call(XsType.WRITE, 0, "/before\0flood").type()).isEqualTo(XsType.WRITE);
        }
        for (int i = 0; i < FLOOD; i++) {
            flood.add(new WireTestClient(socket)); // past the child's limit they wait in its backlog
        }
        try (WireTestClient late = new WireTestClient(socket)) {
            for (WireTestClient c : flood) {
                c.close();
            }
            // answered once the server has closed the flood's connections and accepts again
            assertThat(WireTestClient.s(late.call(XsType.READ, 0, "/before\0").payload())).isEqualTo("flood");
        }
        assertThat(recovered.await(30, TimeUnit.SECONDS)).as("recovery logged; output:\n" + output).isTrue();
        String log = output.toString();
        assertThat(log.lines().filter(l -> l.contains("cannot accept")).count()).as(log).isEqualTo(1);
        assertThat(log).doesNotContain("Exception", "\tat ");
        assertThat(log.length()).as(log).isLessThan(2048);
        assertThat(child.isAlive()).isTrue();
    }
}
