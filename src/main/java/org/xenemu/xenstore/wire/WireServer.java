package org.xenemu.xenstore.wire;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.xenstore.Xenstore;
import org.xenemu.xenstore.XsConnection;

/**
 * The xenstored Unix-socket server (XENSTORE.md "Wire protocol"): any number of listening sockets,
 * each bound to an identity (dom0 privileged, or one guest domain), served by a few selector
 * threads. Plain Java; {@link WireService} decides which sockets exist. Every listener accepts on
 * the first loop, at most {@link WireLimits#connectionsFor} connections at a time (more are closed
 * at once, logged once per episode), and all of them pause together after accept fails
 * ({@link AcceptGate}).
 */
public final class WireServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WireServer.class);
    private static final int BACKLOG = 4096;
    /**
     * Every class a connection needs, loaded with the server: out of file descriptors a class file
     * cannot be opened (when the classes are a directory, not the packaged jar), and a class that
     * failed to load once never loads (the JVM remembers a failed resolution).
     */
    private static final List<Class<?>> NEEDED_WHEN_OUT_OF_FDS = List.of(Listener.class, AcceptGate.class,
        WireChannel.class, WireSession.class, WireOps.class, WireArgs.class, Frame.class, FrameDecoder.class,
        FrameDecoder.FrameTooLongException.class, XsType.class, XenException.class, Errno.class);

    private final Xenstore xenstore;
    private final WireLimits limits;
    private final IoLoop[] loops;
    private final AtomicInteger nextLoop = new AtomicInteger();
    private final Set<WireChannel> channels = ConcurrentHashMap.newKeySet();
    /** Registered listeners' keys; touched on the acceptor loop only. */
    private final Set<SelectionKey> listenerKeys = new HashSet<>();
    private final AcceptGate gate;
    private final Accept accept;
    private volatile boolean closed;

    /** {@link ServerSocketChannel#accept()}, replaceable so that tests can make it fail. */
    @FunctionalInterface
    interface Accept {
        SocketChannel accept(ServerSocketChannel server) throws IOException;
    }

    public WireServer(Xenstore xenstore, WireLimits limits, int ioThreads) throws IOException {
        this(xenstore, limits, ioThreads, ServerSocketChannel::accept);
    }

    WireServer(Xenstore xenstore, WireLimits limits, int ioThreads, Accept accept) throws IOException {
        this.xenstore = xenstore;
        this.limits = limits;
        this.accept = accept;
        this.loops = new IoLoop[Math.max(1, ioThreads)];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new IoLoop("xenstore-wire-" + i);
        }
        this.gate = new AcceptGate(loops[0], limits.acceptBackoffMillis(), () -> listenerKeys);
        // the JDK opens a spare descriptor when it first closes a socket (FileDispatcherImpl's
        // static init): have it done now, not when the first close finds the process out of fds
        SocketChannel.open(StandardProtocolFamily.UNIX).close();
        for (IoLoop loop : loops) {
            loop.start();
        }
    }

    /**
     * Binds {@code socket} (replacing a stale file, creating parent directories); connections
     * accepted there act as {@code domid}, privileged or not.
     */
    public Listener listen(Path socket, int domid, boolean privileged) throws IOException {
        Files.createDirectories(socket.toAbsolutePath().getParent());
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket), BACKLOG);
            server.configureBlocking(false);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        Listener listener = new Listener(server, socket, domid, privileged);
        IoLoop acceptor = loops[0];
        acceptor.execute(() -> {
            try {
                listener.key = server.register(acceptor.selector(), gate.interestOps(), listener);
                listenerKeys.add(listener.key);
            } catch (IOException e) {
                if (listener.open) { // else it was closed again before the loop got to it
                    log.error("cannot accept on {}", socket, e);
                }
            }
        });
        return listener;
    }

    /** Open socket connections, all listeners together. */
    public int connectionCount() {
        return channels.size();
    }

    private void adopt(SocketChannel socket, Listener listener) throws IOException {
        socket.configureBlocking(false);
        IoLoop loop = loops[Math.floorMod(nextLoop.getAndIncrement(), loops.length)];
        WireChannel channel = new WireChannel(this, loop, socket, listener, limits);
        loop.execute(() -> {
            if (closed || !listener.open) {
                channel.close();
                return;
            }
            try {
                channels.add(channel);
                XsConnection conn = xenstore.connect(listener.domid, listener.privileged, channel);
                channel.open(conn, listener.privileged ? 0
                    : xenstore.quota(listener.domid).limits().getOrDefault("outstanding", 0L).intValue());
            } catch (IOException | RuntimeException e) {
                log.warn("cannot open a xenstore connection for domain {}", listener.domid, e);
                channel.close();
            }
        });
    }

    void forget(WireChannel channel) {
        channels.remove(channel);
        channel.origin().connectionEnded(); // once per channel: WireChannel.close() runs once
    }

    @Override
    public void close() {
        closed = true;
        for (WireChannel channel : channels) {
            channel.loop().execute(channel::close);
        }
        for (IoLoop loop : loops) {
            loop.shutdown();
        }
    }

    /**
     * One bound socket. Closing it removes the file and disconnects everyone who came through it.
     * Past its connection limit a new connection is closed at once; that is logged when it first
     * happens, and again only after the count has fallen to half the limit, so that a client
     * cycling at the limit cannot turn refusals into a log line each.
     */
    public final class Listener implements IoLoop.Handler {
        private final ServerSocketChannel server;
        private final Path path;
        private final int domid;
        private final boolean privileged;
        private final int maxConnections;
        private final AtomicInteger connections = new AtomicInteger();
        private volatile boolean refusing;
        private long refused;
        private SelectionKey key;
        private volatile boolean open = true;

        private Listener(ServerSocketChannel server, Path path, int domid, boolean privileged) {
            this.server = server;
            this.path = path;
            this.domid = domid;
            this.privileged = privileged;
            this.maxConnections = limits.connectionsFor(privileged);
        }

        public Path path() {
            return path;
        }

        public int domid() {
            return domid;
        }

        /** Connections open through this socket now. */
        public int connections() {
            return connections.get();
        }

        @Override
        public void onReady(SelectionKey readyKey) {
            while (open && !gate.paused()) {
                SocketChannel socket;
                try {
                    socket = accept.accept(server);
                } catch (ClosedChannelException e) {
                    return; // closed by another thread (domain released, shutdown): not an fd problem
                } catch (IOException e) {
                    gate.failed(path, e);
                    return;
                }
                if (socket == null) {
                    return;
                }
                try {
                    admit(socket);
                } catch (RuntimeException | LinkageError e) { // never lose the listening socket for one connection
                    closeQuietly(socket);
                    gate.failed(path, e);
                    return;
                }
            }
        }

        private void admit(SocketChannel socket) {
            if (connections.get() >= maxConnections) {
                refused++;
                if (!refusing) {
                    refusing = true;
                    log.warn("{} has {} connections, its limit (xenemu.wire.{}-max-connections): closing further "
                        + "ones at once ({} so far)", this, maxConnections, privileged ? "dom0" : "guest", refused);
                }
                closeQuietly(socket);
                return;
            }
            connections.incrementAndGet();
            boolean adopted = false;
            try {
                adopt(socket, this);
                adopted = true;
            } catch (IOException e) {
                log.debug("dropping a connection on {} that could not be set up", path, e);
            } finally {
                if (!adopted) {
                    connections.decrementAndGet();
                    closeQuietly(socket);
                }
            }
        }

        private void closeQuietly(SocketChannel socket) {
            try {
                socket.close();
            } catch (IOException e) {
                log.debug("closing a connection on {}", path, e);
            }
        }

        void connectionEnded() {
            if (connections.decrementAndGet() <= maxConnections / 2) {
                refusing = false;
            }
        }

        @Override
        public String toString() {
            return privileged ? "the dom0 xenstore socket" : "domain " + domid + "'s xenstore socket";
        }

        @Override
        public void close() {
            if (!open) {
                return;
            }
            open = false;
            IoLoop acceptor = loops[0];
            acceptor.execute(() -> listenerKeys.remove(key));
            try {
                server.close();
            } catch (IOException e) {
                log.debug("closing {}", path, e);
            }
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                log.warn("cannot remove {}", path, e);
            }
            for (WireChannel channel : channels) {
                if (channel.origin() == this) {
                    channel.loop().execute(channel::close);
                }
            }
        }
    }
}
