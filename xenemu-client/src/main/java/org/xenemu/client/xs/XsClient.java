package org.xenemu.client.xs;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.xenemu.client.Errno;
import org.xenemu.client.Perm;

/**
 * A client of the xenstored wire protocol over its Unix socket ({@code xs_wire.h}, Xen 4.17;
 * docs/xenstore.md "Wire protocol"), for Java toolstacks: the node operations of {@link XsOps},
 * transactions, watches as streams, and dom0's domain management (INTRODUCE, RELEASE,
 * GET_DOMAIN_PATH, IS_DOMAIN_INTRODUCED, …). It talks to any xenstored: C xenstored, oxenstored,
 * xenemu's dom0 socket ({@code ${xenemu.run-dir}/socket}) or a xenemu guest socket.
 *
 * <pre>{@code
 * try (XsClient xs = XsClient.fromEnvironment()) {         // $XENSTORED_PATH, as libxenstore
 *     xs.write("/local/domain/1/memory/target", "524288");
 *     try (XsWatch w = xs.watch("/local/domain/1/memory")) {
 *         w.next();                                          // the initial event
 *     }
 *     xs.transaction(tx -> { tx.write("/vm/1/name", "web1"); return null; });   // retried on EAGAIN
 * }
 * }</pre>
 *
 * <p>Protocol conduct (docs/xenstore.md "Wire protocol", "What clients need to know"):
 * <ul>
 * <li>Requests are pipelined: each gets the next {@code req_id} (increasing, wrapping, never 0) and
 *     is written whole under one lock; xenstored answers a connection's requests in order, so the
 *     one reader thread matches each reply to the oldest outstanding request, and checks that the
 *     {@code req_id}, {@code tx_id} and type (or ERROR) agree. A mismatch is a protocol error that
 *     closes the connection, as libxenstore closes it.</li>
 * <li>WATCH_EVENT frames (the only unsolicited ones) are demultiplexed by token onto the
 *     {@link XsWatch} streams by the same reader thread, which never blocks on a reader.</li>
 * <li>Payloads are at most 4096 bytes ({@code XENSTORE_PAYLOAD_MAX}): a longer request is refused
 *     here with E2BIG instead of being sent (the server would close the connection).</li>
 * <li>Strings end in NUL; WRITE's value and READ's reply are raw bytes.</li>
 * </ul>
 * Thread-safe: any number of threads may call at once. One daemon thread per connection (the
 * reader); {@link #close()} ends it, fails outstanding calls and ends every watch.
 */
public final class XsClient implements XsOps, AutoCloseable {
    /** libxenstore's default socket directory ({@code XEN_RUN_STORED}). */
    public static final Path DEFAULT_RUN_DIR = Path.of("/var/run/xenstored");
    /** Unread events after which a watch is dropped ({@link XsWatch#overflowed()}). */
    public static final int WATCH_QUEUE_LIMIT = 65_536;
    /** Attempts {@link #transaction(Function)} makes before giving up on EAGAIN. */
    public static final int DEFAULT_ATTEMPTS = 16;
    /** How long a call waits for its reply unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private record Pending(XsType type, int reqId, int txId, CompletableFuture<Frame> reply) {
    }

    private static final AtomicLong TOKENS = new AtomicLong();

    private final Path socket;
    private final SocketChannel channel;
    private final Duration timeout;
    private final Object writeLock = new Object();
    private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final Map<String, List<XsWatch>> watches = new ConcurrentHashMap<>();
    private final Thread reader;
    private int nextReqId = 1;
    private volatile IOException closedBy;

    private XsClient(Path socket, SocketChannel channel, Duration timeout) {
        this.socket = socket;
        this.channel = channel;
        this.timeout = timeout;
        this.reader = new Thread(this::readLoop, "xsclient-reader " + socket);
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects to the xenstored socket at {@code socket}. */
    public static XsClient connect(Path socket) {
        return connect(socket, DEFAULT_TIMEOUT);
    }

    /** Connects, with calls waiting at most {@code requestTimeout} for their reply. */
    public static XsClient connect(Path socket, Duration requestTimeout) {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            return new XsClient(socket, ch, requestTimeout);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new UncheckedIOException("cannot connect to xenstored at " + socket + ": " + e.getMessage(), e);
        }
    }

    /**
     * Connects where libxenstore would: {@code $XENSTORED_PATH}, else {@code $XENSTORED_RUNDIR/socket},
     * else {@code /var/run/xenstored/socket}.
     */
    public static XsClient fromEnvironment() {
        return connect(socketFromEnvironment(System.getenv()));
    }

    /** The socket libxenstore would use under {@code env} (see {@link #fromEnvironment()}). */
    public static Path socketFromEnvironment(Map<String, String> env) {
        String path = env.get("XENSTORED_PATH");
        if (path != null && !path.isEmpty()) {
            return Path.of(path);
        }
        String runDir = env.get("XENSTORED_RUNDIR");
        return (runDir != null && !runDir.isEmpty() ? Path.of(runDir) : DEFAULT_RUN_DIR).resolve("socket");
    }

    /** The socket this client is connected to. */
    public Path socket() {
        return socket;
    }

    /** False once the connection is closed or broken. */
    public boolean isOpen() {
        return closedBy == null && channel.isOpen();
    }

    // ------------------------------------------------------------------ node operations

    @Override
    public byte[] read(String path) {
        return read(0, path);
    }

    @Override
    public void write(String path, byte[] value) {
        write(0, path, value);
    }

    @Override
    public void mkdir(String path) {
        mkdir(0, path);
    }

    @Override
    public void rm(String path) {
        rm(0, path);
    }

    @Override
    public List<String> directory(String path) {
        return directory(0, path);
    }

    @Override
    public List<Perm> getPerms(String path) {
        return getPerms(0, path);
    }

    @Override
    public void setPerms(String path, List<Perm> perms) {
        setPerms(0, path, perms);
    }

    byte[] read(int tx, String path) {
        return call(XsType.READ, tx, path, strings(path)).payload();
    }

    void write(int tx, String path, byte[] value) {
        byte[] p = bytes(path, "path");
        byte[] payload = new byte[p.length + 1 + value.length];
        System.arraycopy(p, 0, payload, 0, p.length);
        System.arraycopy(value, 0, payload, p.length + 1, value.length);
        call(XsType.WRITE, tx, path, payload);
    }

    void mkdir(int tx, String path) {
        call(XsType.MKDIR, tx, path, strings(path));
    }

    void rm(int tx, String path) {
        call(XsType.RM, tx, path, strings(path));
    }

    List<String> directory(int tx, String path) {
        try {
            return split(call(XsType.DIRECTORY, tx, path, strings(path)).payload());
        } catch (XsException e) {
            if (!e.is(Errno.E2BIG)) {
                throw e;
            }
            return directoryInParts(tx, path);
        }
    }

    /**
     * DIRECTORY_PART, as libxenstore falls back to it: chunks from byte {@code offset} of the
     * NUL-joined list, each led by the node's generation; the last ends with an empty name. A
     * generation that changes between chunks (the list changed) starts the walk again.
     */
    private List<String> directoryInParts(int tx, String path) {
        for (int attempt = 0; attempt < 100; attempt++) {
            ByteArrayOutputStream names = new ByteArrayOutputStream();
            String generation = null;
            boolean restarted = false;
            while (true) {
                byte[] reply = call(XsType.DIRECTORY_PART, tx, path,
                        strings(path, Integer.toString(names.size()))).payload();
                int nul = indexOf(reply, 0);
                if (nul < 0) {
                    throw protocolError("DIRECTORY_PART reply without a generation");
                }
                String gen = new String(reply, 0, nul, StandardCharsets.US_ASCII);
                if (generation == null) {
                    generation = gen;
                } else if (!generation.equals(gen)) {
                    restarted = true;
                    break;
                }
                int chunk = reply.length - nul - 1;
                if (chunk <= 1) {
                    break;
                }
                boolean last = reply[reply.length - 1] == 0 && reply[reply.length - 2] == 0;
                names.write(reply, nul + 1, last ? chunk - 1 : chunk);
                if (last) {
                    break;
                }
            }
            if (!restarted) {
                return split(names.toByteArray());
            }
        }
        throw new XsException(Errno.EAGAIN.name(), XsType.DIRECTORY_PART, path);
    }

    List<Perm> getPerms(int tx, String path) {
        List<String> texts = split(call(XsType.GET_PERMS, tx, path, strings(path)).payload());
        return Perm.parseAll(texts);
    }

    void setPerms(int tx, String path, List<Perm> perms) {
        if (perms.isEmpty()) {
            throw new IllegalArgumentException("a permission list has at least one entry (the owner)");
        }
        List<String> args = new ArrayList<>();
        args.add(path);
        perms.forEach(p -> args.add(p.toString()));
        call(XsType.SET_PERMS, tx, path, strings(args.toArray(String[]::new)));
    }

    // ------------------------------------------------------------------ transactions

    /** TRANSACTION_START. */
    public XsTransaction startTransaction() {
        String id = text(call(XsType.TRANSACTION_START, 0, null, strings("")));
        try {
            return new XsTransaction(this, (int) Long.parseUnsignedLong(id));
        } catch (NumberFormatException e) {
            throw protocolError("TRANSACTION_START answered '" + id + "'");
        }
    }

    void end(int tx, boolean commit) {
        call(XsType.TRANSACTION_END, tx, null, strings(commit ? "T" : "F"));
    }

    /**
     * Runs {@code body} in a transaction and commits it, starting again on EAGAIN (what every
     * {@code xenstore-*} tool does), at most {@value #DEFAULT_ATTEMPTS} times; the last EAGAIN is
     * thrown then. Other failures abort and are thrown. {@code body} may run several times.
     */
    public <T> T transaction(Function<XsTransaction, T> body) {
        return transaction(DEFAULT_ATTEMPTS, body);
    }

    /** As {@link #transaction(Function)} with at most {@code attempts} attempts. */
    public <T> T transaction(int attempts, Function<XsTransaction, T> body) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        for (int attempt = 1; ; attempt++) {
            try (XsTransaction tx = startTransaction()) {
                T result = body.apply(tx);
                tx.commit();
                return result;
            } catch (XsException e) {
                if (!e.is(Errno.EAGAIN) || attempt >= attempts) {
                    throw e;
                }
            }
        }
    }

    // ------------------------------------------------------------------ watches

    /** WATCH with a token unique to this client; the first event is the initial one. */
    public XsWatch watch(String path) {
        return watch(path, "xsclient-" + TOKENS.incrementAndGet());
    }

    /**
     * WATCH with {@code token}. EEXIST if this connection already watches the same path with the
     * same token. Several watches may share a token: each then gets the events at or below its path.
     */
    public XsWatch watch(String path, String token) {
        XsWatch w = new XsWatch(this, path, token);
        // Registered before WATCH is sent: the initial event follows the reply at once.
        watches.computeIfAbsent(token, t -> new CopyOnWriteArrayList<>()).add(w);
        try {
            call(XsType.WATCH, 0, path, strings(path, token));
        } catch (RuntimeException e) {
            unregister(w);
            w.end();
            throw e;
        }
        return w;
    }

    void unwatch(XsWatch w) {
        boolean registered = unregister(w);
        if (registered && isOpen()) {
            try {
                call(XsType.UNWATCH, 0, w.path(), strings(w.path(), w.token()));
            } catch (UncheckedIOException gone) {
                // the connection went away meanwhile: its watches went with it
            } catch (XsException e) {
                if (!e.is(Errno.ENOENT)) {
                    throw e;
                }
                // already gone on the server (RESET_WATCHES, a release): nothing left to undo
            }
        }
    }

    /** On the reader thread: drop a watch whose reader fell behind, without waiting for the reply. */
    void dropOverflowed(XsWatch w) {
        if (unregister(w)) {
            try {
                send(XsType.UNWATCH, 0, strings(w.path(), w.token()));
            } catch (RuntimeException ignored) {
                // closing or closed
            }
        }
    }

    private boolean unregister(XsWatch w) {
        boolean[] removed = new boolean[1];
        watches.computeIfPresent(w.token(), (t, list) -> {
            removed[0] = list.remove(w);
            return list.isEmpty() ? null : list;
        });
        return removed[0];
    }

    /** RESET_WATCHES: drops every watch and transaction of this connection. */
    public void resetWatches() {
        call(XsType.RESET_WATCHES, 0, null, strings(""));
        for (List<XsWatch> list : watches.values()) {
            list.forEach(XsWatch::end);
        }
        watches.clear();
    }

    // ------------------------------------------------------------------ domain management (dom0)

    /** INTRODUCE: a new domain with its ring page frame and event channel; fires {@code @introduceDomain}. */
    public void introduce(int domid, long ringFrame, int eventChannel) {
        call(XsType.INTRODUCE, 0, null, strings(Integer.toString(domid), Long.toUnsignedString(ringFrame),
                Integer.toString(eventChannel)));
    }

    /** RELEASE: removes the nodes the domain owns and fires {@code @releaseDomain}. */
    public void release(int domid) {
        call(XsType.RELEASE, 0, null, strings(Integer.toString(domid)));
    }

    /** RESUME. */
    public void resume(int domid) {
        call(XsType.RESUME, 0, null, strings(Integer.toString(domid)));
    }

    /** SET_TARGET: domain {@code domid} acts as {@code target} for permission checks. */
    public void setTarget(int domid, int target) {
        call(XsType.SET_TARGET, 0, null, strings(Integer.toString(domid), Integer.toString(target)));
    }

    /** GET_DOMAIN_PATH: {@code /local/domain/<domid>}. */
    public String getDomainPath(int domid) {
        return text(call(XsType.GET_DOMAIN_PATH, 0, null, strings(Integer.toString(domid))));
    }

    /** IS_DOMAIN_INTRODUCED. */
    public boolean isDomainIntroduced(int domid) {
        return "T".equals(text(call(XsType.IS_DOMAIN_INTRODUCED, 0, null, strings(Integer.toString(domid)))));
    }

    /** CONTROL: an implementation-specific command ({@code help}, {@code quota}, …); its text answer. */
    public String control(String... args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("CONTROL needs a command");
        }
        return text(call(XsType.CONTROL, 0, null, strings(args)));
    }

    // ------------------------------------------------------------------ the connection

    private Frame call(XsType type, int tx, String path, byte[] payload) {
        CompletableFuture<Frame> reply = send(type, tx, payload);
        Frame f;
        try {
            f = reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // The reply, when it comes, is matched to this request and dropped: the order holds.
            throw new UncheckedIOException(new SocketTimeoutException(type + (path == null ? "" : " " + path)
                    + ": no reply from " + socket + " within " + timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException(type + " interrupted"));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof UncheckedIOException u ? new UncheckedIOException(u.getMessage(), u.getCause())
                    : new UncheckedIOException(new IOException(cause));
        }
        if (f.type() == XsType.ERROR.number()) {
            throw new XsException(text(f), type, path);
        }
        return f;
    }

    private CompletableFuture<Frame> send(XsType type, int tx, byte[] payload) {
        if (payload.length > Frame.PAYLOAD_MAX) {
            throw new XsException(Errno.E2BIG.name(), type, null);
        }
        CompletableFuture<Frame> reply = new CompletableFuture<>();
        synchronized (writeLock) {
            IOException closed = closedBy;
            if (closed != null || !channel.isOpen()) {
                throw new UncheckedIOException("the connection to " + socket + " is closed", closed != null ? closed
                        : new IOException("closed"));
            }
            int reqId = nextReqId;
            nextReqId = nextReqId == -1 ? 1 : nextReqId + 1;
            pending.add(new Pending(type, reqId, tx, reply));
            ByteBuffer frame = new Frame(type.number(), reqId, tx, payload).encode();
            try {
                while (frame.hasRemaining()) {
                    channel.write(frame);
                }
            } catch (IOException e) {
                shutdown(e);
            }
        }
        return reply;
    }

    private void readLoop() {
        ByteBuffer header = ByteBuffer.allocate(Frame.HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        try {
            while (true) {
                header.clear();
                readFully(header);
                int type = header.getInt(0);
                int reqId = header.getInt(4);
                int txId = header.getInt(8);
                int len = header.getInt(12);
                if (len < 0 || len > Frame.PAYLOAD_MAX) {
                    throw protocolIo("a reply of " + Integer.toUnsignedString(len) + " bytes");
                }
                ByteBuffer body = ByteBuffer.allocate(len);
                readFully(body);
                Frame f = new Frame(type, reqId, txId, body.array());
                if (type == XsType.WATCH_EVENT.number()) {
                    dispatch(f);
                } else {
                    match(f);
                }
            }
        } catch (IOException e) {
            shutdown(e);
        } catch (RuntimeException e) {
            shutdown(new IOException("xsclient reader failed", e));
        }
    }

    private void match(Frame f) throws IOException {
        Pending p = pending.poll();
        if (p == null) {
            throw protocolIo("a reply (type " + f.type() + ", req_id " + Integer.toUnsignedString(f.reqId())
                    + ") to no request");
        }
        boolean typeOk = f.type() == p.type().number() || f.type() == XsType.ERROR.number();
        if (f.reqId() != p.reqId() || !typeOk || f.txId() != p.txId()) {
            IOException e = protocolIo("the reply (type " + f.type() + ", req_id " + Integer.toUnsignedString(f.reqId())
                    + ", tx_id " + Integer.toUnsignedString(f.txId()) + ") does not answer " + p.type() + " (req_id "
                    + Integer.toUnsignedString(p.reqId()) + ", tx_id " + Integer.toUnsignedString(p.txId()) + ")");
            shutdown(e); // closed before the caller hears of it, so isOpen() is already false then
            p.reply().completeExceptionally(new UncheckedIOException("the connection to " + socket + " ended: "
                    + e.getMessage(), e));
            throw e;
        }
        p.reply().complete(f);
    }

    private void dispatch(Frame f) {
        List<String> parts = split(f.payload());
        if (parts.size() < 2) {
            return;
        }
        String path = parts.get(0);
        String token = parts.get(1);
        List<XsWatch> list = watches.get(token);
        if (list == null) {
            return;
        }
        XsWatchEvent event = new XsWatchEvent(path, token);
        if (list.size() == 1) {
            list.get(0).deliver(event);
            return;
        }
        for (XsWatch w : list) {
            if (covers(w.path(), path)) {
                w.deliver(event);
            }
        }
    }

    /** Whether a watch on {@code watchPath} sees an event for {@code eventPath} (equal or an ancestor). */
    static boolean covers(String watchPath, String eventPath) {
        if (eventPath.equals(watchPath)) {
            return true;
        }
        if (watchPath.startsWith("@") || eventPath.startsWith("@")) {
            return false;
        }
        if (watchPath.equals("/")) {
            return eventPath.startsWith("/");
        }
        return eventPath.startsWith(watchPath) && eventPath.charAt(watchPath.length()) == '/';
    }

    private void readFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) {
                throw new EOFException("xenstored closed the connection");
            }
        }
    }

    private void shutdown(IOException cause) {
        synchronized (writeLock) {
            if (closedBy == null) {
                closedBy = cause;
            }
        }
        closeQuietly(channel);
        UncheckedIOException failure = new UncheckedIOException("the connection to " + socket + " ended: "
                + cause.getMessage(), cause);
        Pending p;
        while ((p = pending.poll()) != null) {
            p.reply().completeExceptionally(failure);
        }
        for (List<XsWatch> list : watches.values()) {
            list.forEach(XsWatch::end);
        }
        watches.clear();
    }

    /** Closes the connection: outstanding calls fail, every watch ends (xenstored drops them and any open transaction). */
    @Override
    public void close() {
        shutdown(new IOException("closed by the client"));
        if (Thread.currentThread() != reader) {
            try {
                reader.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private UncheckedIOException protocolError(String what) {
        IOException e = protocolIo(what);
        shutdown(e);
        return new UncheckedIOException(e);
    }

    private IOException protocolIo(String what) {
        return new IOException("xenstore protocol error from " + socket + ": " + what);
    }

    private static void closeQuietly(SocketChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    // ------------------------------------------------------------------ payloads

    /** Each argument followed by its NUL. */
    static byte[] strings(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String a : args) {
            byte[] b = bytes(a, "argument");
            out.write(b, 0, b.length);
            out.write(0);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(String s, String what) {
        Objects.requireNonNull(s, what);
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a xenstore " + what + " cannot contain NUL: " + s.replace('\0', '?'));
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A NUL-terminated reply as text (the terminator, if any, dropped). */
    private static String text(Frame f) {
        byte[] p = f.payload();
        int n = p.length > 0 && p[p.length - 1] == 0 ? p.length - 1 : p.length;
        return new String(p, 0, n, StandardCharsets.UTF_8);
    }

    /** {@code a\0b\0} → [a, b]; an empty payload → []. */
    static List<String> split(byte[] p) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == 0) {
                out.add(new String(p, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < p.length) {
            out.add(new String(p, start, p.length - start, StandardCharsets.UTF_8));
        }
        return out;
    }

    private static int indexOf(byte[] p, int b) {
        for (int i = 0; i < p.length; i++) {
            if (p[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
