package org.xenemu.client.xs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One message of the wire protocol: a 16-byte header of four little-endian unsigned 32-bit
 * integers ({@code type}, {@code req_id}, {@code tx_id}, {@code len}) and {@code len} payload
 * bytes, {@code len ≤ 4096} (docs/xenstore.md "Wire protocol", "Frames"). Ids are kept in Java
 * {@code int}s bit for bit.
 */
record Frame(int type, int reqId, int txId, byte[] payload) {
    static final int HEADER_BYTES = 16;
    /** XENSTORE_PAYLOAD_MAX. */
    static final int PAYLOAD_MAX = 4096;

    ByteBuffer encode() {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(type).putInt(reqId).putInt(txId).putInt(payload.length).put(payload);
        return b.flip();
    }
}
