package org.xenemu.xenstore.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * Cuts frames out of a connection's input stream. Stateless about the bytes themselves: the caller
 * keeps unread bytes in its buffer, so a header or payload split over many reads is fine and a
 * half frame followed by a close is simply never completed.
 */
public final class FrameDecoder {
    private FrameDecoder() {
    }

    /** Thrown for a header announcing more than {@link Frame#PAYLOAD_MAX} bytes: C xenstored drops the connection. */
    public static final class FrameTooLongException extends Exception {
        public FrameTooLongException(long len) {
            super("request payload of " + len + " bytes exceeds " + Frame.PAYLOAD_MAX, null, false, false);
        }
    }

    /**
     * Takes the next complete frame from {@code in} (in read mode: position..limit are unread
     * bytes), advancing its position; empty when the frame is not complete yet.
     */
    public static Optional<Frame> next(ByteBuffer in) throws FrameTooLongException {
        if (in.remaining() < Frame.HEADER_BYTES) {
            return Optional.empty();
        }
        int start = in.position();
        ByteOrder order = in.order();
        in.order(ByteOrder.LITTLE_ENDIAN);
        int type = in.getInt(start);
        int reqId = in.getInt(start + 4);
        int txId = in.getInt(start + 8);
        long len = Integer.toUnsignedLong(in.getInt(start + 12));
        in.order(order);
        if (len > Frame.PAYLOAD_MAX) {
            throw new FrameTooLongException(len);
        }
        if (in.remaining() < Frame.HEADER_BYTES + len) {
            return Optional.empty();
        }
        byte[] payload = new byte[(int) len];
        in.position(start + Frame.HEADER_BYTES);
        in.get(payload);
        return Optional.of(new Frame(type, reqId, txId, payload));
    }
}
