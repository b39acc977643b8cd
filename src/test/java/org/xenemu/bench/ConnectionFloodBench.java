package org.xenemu.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 18's floods against the socket server, in a child JVM ({@link XenemuWireMain}) whose file
 * descriptors and threads are read from {@code /proc}: N connections held open from one guest's
 * socket, then N from the dom0 socket, then M INTRODUCEs of made-up domids. After each: the
 * server's fds and threads, its log bytes, and whether (and how fast) dom0 is still answered.
 * {@code -Dserver.classpath} runs another build (e.g. main's, for the figures before the fix).
 *
 * <pre>./mvnw -q -Pbench test-compile exec:java -Dbench=org.xenemu.bench.ConnectionFloodBench \
 *   -Dexec.args="[connections=6000] [introduces=25000] [serverFdLimit=4096]" [-Dserver.classpath=...]</pre>
 */
public final class ConnectionFloodBench {
    private static final int READ = 2;
    private static final int INTRODUCE = 8;

    private ConnectionFloodBench() {
    }

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 6000;
        int introduces = args.length > 1 ? Integer.parseInt(args[1]) : 25_000;
        int fdLimit = args.length > 2 ? Integer.parseInt(args[2]) : 4096;
        Path runDir = Files.createTempDirectory("flood-bench");
        Path log = runDir.resolve("server.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("server.classpath", ownClasspath());
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", "ulimit -n " + fdLimit
            + " && exec \"$0\" -Xmx512m -cp \"$1\" org.xenemu.bench.XenemuWireMain", java, cp);
        pb.environment().put("RUN_DIR", runDir.resolve("run").toString());
        pb.redirectErrorStream(true);
        Process server = pb.start();
        Path dom0 = runDir.resolve("run/socket");
        Thread copier = copyOutput(server, log, dom0.toString());
        try {
            waitFor(dom0);
            System.out.printf("server pid %d, fd limit %d, %s%n%n", server.pid(), fdLimit,
                System.getProperty("server.classpath") == null ? "this build" : "-Dserver.classpath build");
            System.out.println("| stage | server fds | server threads | server log bytes | a new dom0 client | "
                + "a new client of guest 6 |");
            System.out.println("|---|---:|---:|---:|---|---|");
            call(dom0, INTRODUCE, "5\0" + "1\0" + "1\0");
            call(dom0, INTRODUCE, "6\0" + "1\0" + "1\0");
            Path guest5 = runDir.resolve("run/domains/5/socket");
            Path guest6 = runDir.resolve("run/domains/6/socket");
            waitFor(guest5);
            waitFor(guest6);
            Probe probe = new Probe(server, log, dom0, guest6);
            probe.row("idle, guests 5 and 6 introduced");
            flood("guest 5: " + connections + " connections held", guest5, connections, probe);
            probe.row("guest flood closed");
            flood("dom0: " + connections + " connections held", dom0, connections, probe);
            probe.row("dom0 flood closed");
            int[] answers = introduceFlood(dom0, introduces);
            long sockets = settledGuestSockets(runDir.resolve("run/domains"));
            probe.row(introduces + " INTRODUCEs: " + answers[0] + " OK, " + answers[1] + " ENOMEM, " + answers[2]
                + " other; " + sockets + " guest sockets");
        } finally {
            server.destroy();
            server.waitFor();
            copier.join(2000);
        }
    }

    /** The project's classpath, also under exec:java (where java.class.path is Maven's own). */
    private static String ownClasspath() {
        if (Thread.currentThread().getContextClassLoader() instanceof java.net.URLClassLoader urls) {
            List<String> entries = new ArrayList<>();
            for (java.net.URL u : urls.getURLs()) {
                entries.add(Path.of(java.net.URI.create(u.toString())).toString());
            }
            return String.join(java.io.File.pathSeparator, entries);
        }
        return System.getProperty("java.class.path");
    }

    private static long settledGuestSockets(Path domains) throws Exception {
        long last = -1;
        long now = 0;
        for (int i = 0; i < 600 && now != last; i++) { // until a second passes without a new one
            last = now;
            Thread.sleep(1000);
            try (var dirs = Files.list(domains)) {
                now = dirs.count();
            }
        }
        return now;
    }

    private static void flood(String stage, Path socket, int n, Probe probe) throws Exception {
        List<SocketChannel> held = new ArrayList<>();
        int failed = 0;
        try {
            for (int i = 0; i < n && failed < 100; i++) {
                try {
                    SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
                    c.configureBlocking(false); // a full backlog must not block the flood
                    if (!c.connect(UnixDomainSocketAddress.of(socket))) {
                        c.close();
                        failed++;
                        continue;
                    }
                    held.add(c);
                } catch (IOException e) {
                    failed++;
                }
            }
            Thread.sleep(1000); // a benchmark, not a test: let the server take what it takes
            probe.row(stage + " (" + held.size() + " connected, " + failed + " refused by connect)");
        } finally {
            for (SocketChannel c : held) {
                c.close();
            }
            Thread.sleep(1000);
        }
    }

    private static int[] introduceFlood(Path dom0, int n) throws IOException {
        int[] answers = new int[3];
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(dom0))) {
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < n; i++) {
                        send(c, INTRODUCE, i, (100 + i) + "\0" + "1\0" + "1\0");
                    }
                } catch (IOException e) {
                    // the reader reports what came back
                }
            });
            writer.start();
            for (int i = 0; i < n; i++) {
                String reply = receive(c);
                answers[reply.equals("OK\0") ? 0 : reply.equals("ENOMEM\0") ? 1 : 2]++;
            }
        }
        return answers;
    }

    /** One table row: the server's fds, threads and log size, and how a new dom0 and guest client fare. */
    private record Probe(Process server, Path log, Path dom0, Path guest) {
        void row(String stage) throws IOException {
            long fds;
            try (var list = Files.list(Path.of("/proc/" + server.pid() + "/fd"))) {
                fds = list.count();
            }
            String threads = Files.readAllLines(Path.of("/proc/" + server.pid() + "/status")).stream()
                .filter(l -> l.startsWith("Threads:")).findFirst().orElse("Threads: ?").substring(8).trim();
            System.out.printf("| %s | %d | %s | %d | %s | %s |%n", stage, fds, threads, Files.size(log),
                probe(dom0), probe(guest));
        }
    }

    /** A READ on a new connection: "answered in N ms", "closed at once", "no answer in 5 s", "cannot connect". */
    private static String probe(Path socket) throws IOException {
        long start = System.nanoTime();
        SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
        c.configureBlocking(false);
        try (c) {
            if (!c.connect(UnixDomainSocketAddress.of(socket))) {
                return "cannot connect (backlog full)";
            }
            c.configureBlocking(true);
            Thread timer = new Thread(() -> {
                try {
                    Thread.sleep(5000);
                    c.close();
                } catch (InterruptedException | IOException e) {
                    // answered in time
                }
            });
            timer.start();
            try {
                send(c, READ, 1, "/local/domain/0/name\0");
                receive(c);
                return String.format("answered in %.1f ms", (System.nanoTime() - start) / 1e6);
            } catch (IOException e) {
                return c.isOpen() ? "closed at once by the server" : "no answer in 5 s";
            } finally {
                timer.interrupt();
            }
        } catch (IOException e) {
            return "cannot connect: " + e.getMessage();
        }
    }

    private static void call(Path socket, int type, String payload) throws IOException {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            send(c, type, 0, payload);
            receive(c);
        }
    }

    private static void send(SocketChannel c, int type, int reqId, String payload) throws IOException {
        byte[] p = payload.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(16 + p.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(type).putInt(reqId).putInt(0).putInt(p.length).put(p).flip();
        while (b.hasRemaining()) {
            c.write(b);
        }
    }

    /** The payload of the next frame that is not a watch event. */
    private static String receive(SocketChannel c) throws IOException {
        while (true) {
            ByteBuffer h = readFully(c, 16).order(ByteOrder.LITTLE_ENDIAN);
            String payload = new String(readFully(c, h.getInt(12)).array(), StandardCharsets.ISO_8859_1);
            if (h.getInt(0) != 15) {
                return payload;
            }
        }
    }

    private static ByteBuffer readFully(SocketChannel c, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (c.read(b) < 0) {
                throw new IOException("closed by the server");
            }
        }
        return b.flip();
    }

    private static void waitFor(Path path) throws InterruptedException {
        for (int i = 0; i < 3000 && !Files.exists(path); i++) {
            Thread.sleep(10);
        }
        if (!Files.exists(path)) {
            throw new IllegalStateException(path + " did not appear");
        }
    }

    /** Copies the server's output to {@code log}, after the line that announces its socket. */
    private static Thread copyOutput(Process server, Path log, String socketLine) {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(server.getInputStream(),
                StandardCharsets.UTF_8)); var out = Files.newBufferedWriter(log)) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (!line.equals(socketLine)) {
                        out.write(line);
                        out.newLine();
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // the server is gone
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }
}
