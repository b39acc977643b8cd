package org.xenemu.xenstore.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One xenstore message: the 16-byte header {@code struct xsd_sockmsg} (type, req_id, tx_id, len as
 * little-endian unsigned 32-bit integers) and {@code len} payload bytes (docs/xenstore.md "Wire
 * protocol"). Ids are kept as the raw 32-bit patterns; {@link #txIdUnsigned()} gives the number.
 */
public record Frame(int type, int reqId, int txId, byte[] payload) {
    public static final int HEADER_BYTES = 16;
    /** XENSTORE_PAYLOAD_MAX: longer requests close the connection, longer replies become E2BIG. */
    public static final int PAYLOAD_MAX = 4096;

    private static final byte[] OK = {'O', 'K', 0};

    /** A successful reply: the request's type, req_id and tx_id with {@code payload}. */
    public Frame reply(byte[] replyPayload) {
        return new Frame(type, reqId, txId, replyPayload);
    }

    public Frame ok() {
        return reply(OK.clone());
    }

    /** An ERROR reply carrying the xs_wire.h name of {@code errnoName}, NUL-terminated. */
    public Frame error(String errnoName) {
        return new Frame(XsType.ERROR, reqId, txId, nulTerminated(errnoName));
    }

    /** The only unsolicited message: {@code path\0token\0}, req_id 0, tx_id 0. */
    public static Frame watchEvent(String path, String token) {
        byte[] p = path.getBytes(StandardCharsets.ISO_8859_1);
        byte[] t = token.getBytes(StandardCharsets.ISO_8859_1);
        byte[] payload = new byte[p.length + t.length + 2];
        System.arraycopy(p, 0, payload, 0, p.length);
        System.arraycopy(t, 0, payload, p.length + 1, t.length);
        return new Frame(XsType.WATCH_EVENT, 0, 0, payload);
    }

    public static byte[] nulTerminated(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return Arrays.copyOf(b, b.length + 1);
    }

    public long txIdUnsigned() {
        return Integer.toUnsignedLong(txId);
    }

    public int encodedLength() {
        return HEADER_BYTES + payload.length;
    }

    /** Writes header and payload into {@code out}, which must have room for {@link #encodedLength()}. */
    public void encodeTo(ByteBuffer out) {
        ByteOrder order = out.order();
        out.order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(type).putInt(reqId).putInt(txId).putInt(payload.length).put(payload);
        out.order(order);
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(encodedLength());
        encodeTo(b);
        return b.array();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && f.type == type && f.reqId == reqId && f.txId == txId
            && Arrays.equals(f.payload, payload);
    }

    @Override
    public int hashCode() {
        return ((type * 31 + reqId) * 31 + txId) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return XsType.name(type) + "(req=" + Integer.toUnsignedString(reqId) + ", tx="
            + Integer.toUnsignedString(txId) + ", " + printable(payload) + ")";
    }

    private static String printable(byte[] payload) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < Math.min(payload.length, 200); i++) {
            int c = payload[i] & 0xff;
            if (c == 0) {
                sb.append("\\0");
            } else if (c < 0x20 || c > 0x7e) {
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.append(payload.length > 200 ? "...\"" : "\"").toString();
    }
}
