package org.xenemu.xenstore.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xenemu.xenstore.WatchSink;
import org.xenemu.xenstore.XsConnection;

/**
 * One accepted socket: reads requests, answers them in order (pipelining keeps its order because
 * one loop thread handles them one after the other), and interleaves watch events. All state but
 * the event queue belongs to the loop thread. See {@link WireLimits} for the slow-consumer policy.
 *
 * <p>Unprivileged connections (guest sockets) also get C xenstored's {@code outstanding} quota
 * (XENSTORE.md "Quotas", 20): while that many replies and events wait in this channel unsent (the
 * client is not reading and the kernel buffer is full), no further request is read, as C stops
 * reading a domain's ring ({@code domain_can_read}). C never answers an error for it; neither does
 * xenemu. C counts per domain and a domain has one ring; xenemu counts per connection.
 */
final class WireChannel implements IoLoop.Handler, WatchSink {
    private static final Logger log = LoggerFactory.getLogger(WireChannel.class);
    private static final int IN_BYTES = 2 * (Frame.HEADER_BYTES + Frame.PAYLOAD_MAX);
    private static final int OUT_BYTES = 8 * 1024;

    private final WireServer server;
    private final IoLoop loop;
    private final SocketChannel channel;
    private final WireServer.Listener origin;
    private final WireLimits limits;
    private final Queue<Frame> events = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedEventBytes = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private ByteBuffer in = ByteBuffer.allocate(IN_BYTES);
    private ByteBuffer out = ByteBuffer.allocate(OUT_BYTES);
    /** Unsent reply bytes, readable by the store's threads for the overflow check. */
    private volatile int outBytes;
    private SelectionKey key;
    private WireSession session;
    /** Max. unsent frames before requests wait; 0 = no limit (privileged connections). */
    private int outstandingLimit;
    /** Stream offsets where the unsent frames end (tracked only with a limit). */
    private final ArrayDeque<Long> unsentFrameEnds = new ArrayDeque<>();
    private long appendedBytes;
    private long writtenBytes;
    /**
     * No more bytes will be read: the client shut its side (EOF) or sent a header with
     * {@code len > 4096}. Requests already read are still answered, then the socket closes.
     */
    private boolean inputEnded;

    WireChannel(WireServer server, IoLoop loop, SocketChannel channel, WireServer.Listener origin, WireLimits limits) {
        this.server = server;
        this.loop = loop;
        this.channel = channel;
        this.origin = origin;
        this.limits = limits;
    }

    WireServer.Listener origin() {
        return origin;
    }

    IoLoop loop() {
        return loop;
    }

    /** On the loop thread: opens the store connection and starts reading; {@code outstanding} 0 = no limit. */
    void open(XsConnection conn, int outstanding) throws ClosedChannelException {
        session = new WireSession(conn);
        outstandingLimit = conn.privileged() ? 0 : Math.max(0, outstanding);
        key = channel.register(loop.selector(), SelectionKey.OP_READ, this);
    }

    /** Any thread: queue one watch event; false (and a close) when the queue limit is passed. */
    @Override
    public boolean deliver(String path, String token) {
        if (closed.get()) {
            return true;
        }
        Frame event = Frame.watchEvent(path, token);
        if (event.payload().length > Frame.PAYLOAD_MAX) {
            return true; // C xenstored drops events it cannot send
        }
        long queued = queuedEventBytes.addAndGet(event.encodedLength());
        if (queued + outBytes > limits.maxQueuedBytes()) {
            log.info("closing xenstore socket connection of domain {}: {} bytes unread", origin.domid(), queued + outBytes);
            loop.execute(this::close);
            return false;
        }
        events.add(event);
        if (drainScheduled.compareAndSet(false, true)) {
            loop.execute(this::drainEvents);
        }
        return true;
    }

    @Override
    public void onReady(SelectionKey readyKey) {
        if (readyKey.isReadable()) {
            int n;
            try {
                n = channel.read(in);
            } catch (IOException e) {
                n = -1;
            }
            if (n < 0) {
                inputEnded = true; // complete requests still buffered are answered; a half frame is dropped
            }
            processInput();
        }
        if (!closed.get() && readyKey.isValid() && readyKey.isWritable()) {
            flush();
            if (!closed.get() && mayTakeRequests()) {
                processInput(); // requests that waited while the client was not reading
            }
        }
    }

    private void processInput() {
        boolean stopped;
        do {
            stopped = false;
            in.flip();
            try {
                while (!closed.get()) {
                    if (!mayTakeRequests()) {
                        stopped = true;
                        break;
                    }
                    Optional<Frame> request = FrameDecoder.next(in);
                    if (request.isEmpty()) {
                        break;
                    }
                    answer(request.get());
                }
            } catch (FrameDecoder.FrameTooLongException e) {
                log.debug("closing xenstore socket connection after its replies: {}", e.getMessage());
                endInput();
            } finally {
                in.compact();
            }
            flush();
            // requests still buffered here would wait for a read event that may never come (the
            // client sent them all): go on at once when the flush made room again
        } while (stopped && !closed.get() && mayTakeRequests());
        closeWhenAnswered();
    }

    /**
     * Handles one request and queues its reply where C xenstored puts it among the watch events:
     * events that fired before the request, and the events the request itself fires (a WRITE
     * under one of this connection's watches, a commit), go before the reply, because C's
     * {@code fire_watches} queues them before {@code send_reply}; only WATCH's initial event
     * follows its reply ({@code do_watch}: {@code send_ack}, then {@code send_event}). Measured on
     * C 4.17.7.
     */
    private void answer(Frame request) {
        moveEvents();
        Frame reply = session.handle(request);
        if (reply.type() == XsType.WATCH) {
            append(reply);
            moveEvents();
        } else {
            moveEvents();
            append(reply);
        }
    }

    /**
     * A header announcing more than 4096 bytes: as C's {@code ignore_connection}, the store
     * connection (watches, transactions) goes at once and nothing after the header is read; unlike
     * C, which handles one request at a time, the replies to the requests before it are still sent.
     */
    private void endInput() {
        inputEnded = true;
        in.clear().flip(); // nothing after the bad header is a frame; compact() leaves it empty
        session.connection().close();
        moveEvents();
    }

    /** After the client's last request, the socket closes once every reply has been written. */
    private void closeWhenAnswered() {
        if (inputEnded && !closed.get() && mayTakeRequests() && out.position() == 0) {
            close();
        }
    }

    private void drainEvents() {
        drainScheduled.set(false);
        if (!closed.get()) {
            moveEvents();
            if (in.position() >= Frame.HEADER_BYTES) {
                processInput(); // a flush may unpause requests that are already buffered
            } else {
                flush();
            }
        }
    }

    private void moveEvents() {
        Frame event;
        while ((event = events.poll()) != null) {
            queuedEventBytes.addAndGet(-event.encodedLength());
            append(event);
        }
    }

    private void append(Frame frame) {
        if (out.remaining() < frame.encodedLength()) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + frame.encodedLength()));
            out.flip();
            bigger.put(out);
            out = bigger;
        }
        frame.encodeTo(out);
        outBytes = out.position();
        if (outstandingLimit > 0) {
            appendedBytes += frame.encodedLength();
            unsentFrameEnds.add(appendedBytes);
        }
    }

    /** Below the pause threshold and, for guests, below the outstanding quota. */
    private boolean mayTakeRequests() {
        return out.position() < limits.pauseBytes()
            && (outstandingLimit == 0 || unsentFrameEnds.size() < outstandingLimit);
    }

    private void flush() {
        if (closed.get()) {
            return;
        }
        if (out.position() > 0) {
            out.flip();
            try {
                writtenBytes += channel.write(out);
            } catch (IOException e) {
                close();
                return;
            }
            while (!unsentFrameEnds.isEmpty() && unsentFrameEnds.peekFirst() <= writtenBytes) {
                unsentFrameEnds.pollFirst();
            }
            out.compact();
            if (out.position() == 0 && out.capacity() > 8 * OUT_BYTES) {
                out = ByteBuffer.allocate(OUT_BYTES); // give back what a burst of events needed
            }
            outBytes = out.position();
        }
        int ops = out.position() > 0 ? SelectionKey.OP_WRITE : 0;
        if (mayTakeRequests() && !inputEnded) {
            ops |= SelectionKey.OP_READ;
        }
        if (key.isValid() && key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    /** Drops the socket and, with it, the connection's watches and transactions. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing socket", e);
        }
        if (session != null) {
            try {
                session.connection().close();
            } catch (RuntimeException e) {
                log.debug("closing xenstore connection", e);
            }
        }
        events.clear();
        in = ByteBuffer.allocate(0);
        server.forget(this);
    }
}
