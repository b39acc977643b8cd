package org.xenemu.xenstore.wire;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A blocking raw-frame client for tests: sends bytes, reads whole frames. */
final class WireTestClient implements AutoCloseable {
    final SocketChannel channel;

    WireTestClient(Path socket) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String s(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    void send(Frame f) throws IOException {
        sendRaw(f.encode());
    }

    void send(int type, int reqId, int txId, String payload) throws IOException {
        send(new Frame(type, reqId, txId, b(payload)));
    }

    void sendRaw(byte[] bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
    }

    Frame receive() throws IOException {
        ByteBuffer h = readFully(16);
        h.order(ByteOrder.LITTLE_ENDIAN);
        int len = h.getInt(12);
        return new Frame(h.getInt(0), h.getInt(4), h.getInt(8), readFully(len).array());
    }

    /** The next frame that is not a WATCH_EVENT. */
    Frame reply() throws IOException {
        while (true) {
            Frame f = receive();
            if (f.type() != XsType.WATCH_EVENT) {
                return f;
            }
        }
    }

    Frame call(int type, int txId, String payload) throws IOException {
        send(type, 0, txId, payload);
        return reply();
    }

    /** True when the server closed the connection (EOF). */
    boolean closedByServer() throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        try {
            return channel.read(one) < 0;
        } catch (IOException e) {
            return true;
        }
    }

    private ByteBuffer readFully(int n) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(n);
        while (buf.hasRemaining()) {
            if (channel.read(buf) < 0) {
                throw new java.io.EOFException("server closed the connection");
            }
        }
        buf.flip();
        return buf;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
