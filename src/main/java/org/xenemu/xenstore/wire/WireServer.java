package org.xenemu.xenstore.wire;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xenemu.xenstore.Xenstore;
import org.xenemu.xenstore.XsConnection;

/**
 * The xenstored Unix-socket server (XENSTORE.md "Wire protocol"): any number of listening sockets,
 * each bound to an identity (dom0 privileged, or one guest domain), served by a few selector
 * threads. Plain Java; {@link WireService} decides which sockets exist.
 */
public final class WireServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WireServer.class);
    private static final int BACKLOG = 4096;

    private final Xenstore xenstore;
    private final WireLimits limits;
    private final IoLoop[] loops;
    private final AtomicInteger nextLoop = new AtomicInteger();
    private final Set<WireChannel> channels = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public WireServer(Xenstore xenstore, WireLimits limits, int ioThreads) throws IOException {
        this.xenstore = xenstore;
        this.limits = limits;
        this.loops = new IoLoop[Math.max(1, ioThreads)];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new IoLoop("xenstore-wire-" + i);
        }
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
                server.register(acceptor.selector(), SelectionKey.OP_ACCEPT, listener);
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

    /** One bound socket. Closing it removes the file and disconnects everyone who came through it. */
    public final class Listener implements IoLoop.Handler {
        private final ServerSocketChannel server;
        private final Path path;
        private final int domid;
        private final boolean privileged;
        private volatile boolean open = true;

        private Listener(ServerSocketChannel server, Path path, int domid, boolean privileged) {
            this.server = server;
            this.path = path;
            this.domid = domid;
            this.privileged = privileged;
        }

        public Path path() {
            return path;
        }

        public int domid() {
            return domid;
        }

        @Override
        public void onReady(SelectionKey key) {
            try {
                SocketChannel socket;
                while ((socket = server.accept()) != null) {
                    adopt(socket, this);
                }
            } catch (IOException e) {
                log.warn("accept failed on {}", path, e); // e.g. out of file descriptors; keep serving
            }
        }

        @Override
        public void close() {
            if (!open) {
                return;
            }
            open = false;
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
