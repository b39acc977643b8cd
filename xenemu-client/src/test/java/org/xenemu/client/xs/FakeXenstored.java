package org.xenemu.client.xs;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A scripted xenstored on a Unix socket: the test reads requests and writes whatever frames it likes. */
final class FakeXenstored implements AutoCloseable {
    private final Path dir;
    private final ServerSocketChannel server;
    private SocketChannel peer;

    FakeXenstored() throws IOException {
        dir = Files.createTempDirectory(Path.of("/tmp"), "fxs");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(dir.resolve("socket")));
    }

    Path socket() {
        return dir.resolve("socket");
    }

    /** Accepts the client's connection (call after XsClient.connect). */
    void accept() throws IOException {
        peer = server.accept();
    }

    Frame request() throws IOException {
        ByteBuffer h = read(16).order(ByteOrder.LITTLE_ENDIAN);
        return new Frame(h.getInt(0), h.getInt(4), h.getInt(8), read(h.getInt(12)).array());
    }

    void reply(Frame request, String payload) throws IOException {
        send(request.type(), request.reqId(), request.txId(), payload);
    }

    void send(int type, int reqId, int txId, String payload) throws IOException {
        ByteBuffer b = new Frame(type, reqId, txId, payload.getBytes(StandardCharsets.ISO_8859_1)).encode();
        while (b.hasRemaining()) {
            peer.write(b);
        }
    }

    void event(String path, String token) throws IOException {
        send(XsType.WATCH_EVENT.number(), 0, 0, path + "\0" + token + "\0");
    }

    /** True once the client closed its end. */
    boolean clientClosed() throws IOException {
        try {
            return peer.read(ByteBuffer.allocate(1)) < 0;
        } catch (IOException e) {
            return true;
        }
    }

    private ByteBuffer read(int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (peer.read(b) < 0) {
                throw new EOFException();
            }
        }
        return b.flip();
    }

    @Override
    public void close() throws IOException {
        if (peer != null) {
            peer.close();
        }
        server.close();
        Files.deleteIfExists(socket());
        Files.deleteIfExists(dir);
    }
}
