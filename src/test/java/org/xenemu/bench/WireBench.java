package org.xenemu.bench;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.xenemu.xenstore.wire.WireService;

/**
 * Throughput of the xenstored socket, xenemu against the reference C xenstored in the same run:
 * pipelined READ and WRITE on one connection (window 1 and 32) and over 16 connections, then
 * {@code test-xenstore -i N} per-operation latencies. Prints a Markdown table of ops/s and ratios.
 *
 * <pre>./mvnw -q -Pbench test-compile exec:java -Dbench=org.xenemu.bench.WireBench [-Dops=20000] [-DioThreads=1]
 *   [-Dref=/path/to/reference/socket]   (default: starts ../shared/tools/real-xenstored/start /tmp/wire-bench-ref)</pre>
 */
public final class WireBench {
    private static final int READ = 2;
    private static final int WRITE = 11;

    private WireBench() {
    }

    public static void main(String[] args) throws Exception {
        int ops = Integer.getInteger("ops", 20000);
        int ioThreads = Integer.getInteger("ioThreads", 1);
        Path ref = referenceSocket();
        WireService ours = XenemuWireMain.start(Path.of("/tmp/wire-bench-xenemu"), ioThreads);
        try {
            Path xen = ours.socketPath();
            for (Path s : List.of(xen, ref)) {
                prepare(s);
            }
            record Case(String name, int type, int conns, int window) {
            }
            List<Case> cases = List.of(new Case("READ  1 conn  window 1", READ, 1, 1),
                new Case("READ  1 conn  window 32", READ, 1, 32),
                new Case("WRITE 1 conn  window 1", WRITE, 1, 1),
                new Case("WRITE 1 conn  window 32", WRITE, 1, 32),
                new Case("READ  16 conns window 1", READ, 16, 1),
                new Case("WRITE 16 conns window 1", WRITE, 16, 1),
                new Case("READ  16 conns window 32", READ, 16, 32),
                new Case("WRITE 16 conns window 32", WRITE, 16, 32));
            for (Case c : cases) { // warm-up: JIT for xenemu, caches for both
                run(xen, c.type, c.conns, c.window, ops / 4);
                run(ref, c.type, c.conns, c.window, ops / 4);
            }
            System.out.printf("%n| workload (%d ops, io-threads %d) | xenemu ops/s | C xenstored ops/s | ratio |%n", ops, ioThreads);
            System.out.println("|---|---:|---:|---:|");
            int rounds = Integer.getInteger("rounds", 3);
            for (Case c : cases) { // alternate the two servers and keep the median of each: the machine is noisy
                double[] a = new double[rounds];
                double[] b = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    a[r] = run(xen, c.type, c.conns, c.window, ops);
                    b[r] = run(ref, c.type, c.conns, c.window, ops);
                }
                System.out.printf("| %s | %.0f | %.0f | %.2f |%n", c.name, median(a), median(b), median(a) / median(b));
            }
            latencies(xen, ref, Integer.getInteger("iterations", 1000));
        } finally {
            ours.stop();
            if (System.getProperty("ref") == null) { // we started it: stop it, or every run leaves one behind
                new ProcessBuilder("/work/shared/tools/real-xenstored/stop", "/tmp/wire-bench-ref").inheritIO().start().waitFor();
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static Path referenceSocket() throws Exception {
        String given = System.getProperty("ref");
        if (given != null) {
            return Path.of(given);
        }
        Process p = new ProcessBuilder("/work/shared/tools/real-xenstored/start", "/tmp/wire-bench-ref")
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String socket = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("reference xenstored did not start");
        }
        return Path.of(socket);
    }

    private static void prepare(Path socket) throws IOException {
        try (Conn c = new Conn(socket)) {
            c.send(frame(WRITE, "/bench/key\0" + "0123456789abcdef"));
            c.receive();
        }
    }

    private static byte[] frame(int type, String payload) {
        byte[] p = payload.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(16 + p.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(type).putInt(0).putInt(0).putInt(p.length).put(p);
        return b.array();
    }

    /** Operations per second over {@code conns} connections, each keeping {@code window} requests in flight. */
    static double run(Path socket, int type, int conns, int window, int totalOps) throws Exception {
        byte[] request = type == READ ? frame(READ, "/bench/key\0") : frame(WRITE, "/bench/key\0" + "0123456789abcdef");
        int perConn = totalOps / conns;
        CountDownLatch ready = new CountDownLatch(conns);
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong failures = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < conns; i++) {
            Thread t = new Thread(() -> {
                try (Conn c = new Conn(socket)) {
                    ready.countDown();
                    go.await();
                    int sent = 0;
                    for (; sent < Math.min(window, perConn); sent++) {
                        c.send(request);
                    }
                    for (int done = 0; done < perConn; done++) {
                        if (c.receive() == 16) {
                            failures.incrementAndGet();
                        }
                        if (sent < perConn) {
                            c.send(request);
                            sent++;
                        }
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                }
            });
            t.start();
            threads.add(t);
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        long elapsed = System.nanoTime() - start;
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " failed requests against " + socket);
        }
        return perConn * (double) conns / (elapsed / 1e9);
    }

    private static void latencies(Path xen, Path ref, int iterations) throws Exception {
        Path binary = Path.of("/usr/lib/xen-4.17/bin/test-xenstore");
        if (!Files.isExecutable(binary)) {
            System.out.println("\n(test-xenstore not installed: no latency table)");
            return;
        }
        int rounds = Integer.getInteger("rounds", 3);
        List<Map<String, String>> ourRuns = new ArrayList<>();
        List<Map<String, String>> refRuns = new ArrayList<>();
        for (int r = 0; r < rounds; r++) { // alternate, then the median per test
            ourRuns.add(testXenstore(binary, xen, iterations));
            refRuns.add(testXenstore(binary, ref, iterations));
        }
        Map<String, String> a = medians(ourRuns);
        Map<String, String> b = medians(refRuns);
        System.out.printf("%n| test-xenstore -i %d (median of %d runs) | xenemu ns/op | C xenstored ns/op | ratio |%n",
            iterations, rounds);
        System.out.println("|---|---:|---:|---:|");
        for (var e : b.entrySet()) {
            String ours = average(a.getOrDefault(e.getKey(), "?"));
            String theirs = average(e.getValue());
            String ratio = ours.matches("\\d+") && theirs.matches("\\d+")
                ? String.format("%.2f", Double.parseDouble(ours) / Double.parseDouble(theirs)) : "-";
            System.out.printf("| %s | %s | %s | %s |%n", e.getKey(), ours, theirs, ratio);
        }
    }

    private static Map<String, String> medians(List<Map<String, String>> runs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String test : runs.get(0).keySet()) {
            List<String> values = runs.stream().map(m -> average(m.getOrDefault(test, "?"))).toList();
            if (values.stream().allMatch(v -> v.matches("\\d+"))) {
                double[] numbers = values.stream().mapToDouble(Double::parseDouble).toArray();
                out.put(test, String.format("%.0f", median(numbers)));
            } else {
                out.put(test, values.stream().filter(v -> !v.matches("\\d+")).findFirst().orElse("?"));
            }
        }
        return out;
    }

    /** {@code avg: 68301 (20910 .. 4128187)} (with -i) or {@code 68301} → the average. */
    private static String average(String field) {
        String f = field.startsWith("avg:") ? field.substring(4).trim() : field;
        int space = f.indexOf(' ');
        String first = space > 0 ? f.substring(0, space) : f;
        return first.matches("\\d+") ? first : field;
    }

    private static Map<String, String> testXenstore(Path binary, Path socket, int iterations) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(binary.toString(), "-i", Integer.toString(iterations));
        pb.environment().put("XENSTORED_PATH", socket.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                out.put(line.substring(0, colon).trim(), line.substring(colon + 1).replace(" ns", "").trim());
            }
        }
        p.waitFor();
        return out;
    }

    /** A blocking client connection that reads replies into one reused buffer. */
    static final class Conn implements AutoCloseable {
        private final SocketChannel ch;
        private final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);

        Conn(Path socket) throws IOException {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            in.limit(0);
        }

        void send(byte[] frame) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(frame);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }

        /** Reads one reply; returns its type. */
        int receive() throws IOException {
            fill(16);
            int type = in.getInt(in.position());
            int len = in.getInt(in.position() + 12);
            fill(16 + len);
            in.position(in.position() + 16 + len);
            return type;
        }

        private void fill(int n) throws IOException {
            while (in.remaining() < n) {
                in.compact();
                if (ch.read(in) < 0) {
                    throw new IOException("closed");
                }
                in.flip();
            }
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }
}
