package org.xenemu.scenarios.series;

import java.util.Arrays;

/**
 * A growable column of longs kept small: each value as the zig-zag varint of its difference from
 * the previous one. Memory figures move slowly and counters mostly stand still, so most values take
 * one or two bytes instead of eight — a day of a thousand domains is tens of megabytes, not
 * hundreds. Read back in order with {@link #decode()}.
 */
final class LongColumn {
    private byte[] bytes;
    private int length;
    private int size;
    private long last;

    LongColumn(int expectedValues) {
        bytes = new byte[Math.max(16, expectedValues * 2)];
    }

    void append(long value) {
        long delta = value - last;
        last = value;
        long zigzag = (delta << 1) ^ (delta >> 63);
        if (length + 10 > bytes.length) {
            bytes = Arrays.copyOf(bytes, bytes.length * 2);
        }
        while ((zigzag & ~0x7FL) != 0) {
            bytes[length++] = (byte) ((zigzag & 0x7F) | 0x80);
            zigzag >>>= 7;
        }
        bytes[length++] = (byte) zigzag;
        size++;
    }

    int size() {
        return size;
    }

    long last() {
        return last;
    }

    long[] decode() {
        long[] out = new long[size];
        int pos = 0;
        long value = 0;
        for (int i = 0; i < size; i++) {
            long zigzag = 0;
            int shift = 0;
            byte b;
            do {
                b = bytes[pos++];
                zigzag |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while (b < 0);
            value += (zigzag >>> 1) ^ -(zigzag & 1);
            out[i] = value;
        }
        return out;
    }

    /** Reads the values in order without decoding them all at once. */
    Cursor cursor() {
        return new Cursor();
    }

    final class Cursor {
        private int pos;
        private long value;

        long next() {
            long zigzag = 0;
            int shift = 0;
            byte b;
            do {
                b = bytes[pos++];
                zigzag |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while (b < 0);
            value += (zigzag >>> 1) ^ -(zigzag & 1);
            return value;
        }
    }

    /** Bytes held, for measurements. */
    long footprintBytes() {
        return bytes.length;
    }

    void trim() {
        bytes = Arrays.copyOf(bytes, length);
    }
}
