package org.xenemu.scenarios.series;

import java.util.Arrays;

/**
 * Rows of a fixed number of longs kept small: each value as the zig-zag varint of its difference
 * from the same column's value in the previous row, a row's values next to each other. Memory
 * figures move slowly and counters mostly stand still, so most values take one or two bytes
 * instead of eight (a day of a thousand domains is about 16 bytes a row); and a row is read from
 * one place, which is what a scan over a thousand domains at once needs to stay in the cache.
 */
final class RowStream {
    private final int width;
    private final long[] last;
    private byte[] bytes;
    private int length;
    private int rows;

    RowStream(int width, int expectedRows) {
        this.width = width;
        this.last = new long[width];
        this.bytes = new byte[Math.max(16, expectedRows * width * 2)];
    }

    int rows() {
        return rows;
    }

    void append(long[] row) {
        if (length + 10 * width > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + 10 * width));
        }
        for (int c = 0; c < width; c++) {
            long delta = row[c] - last[c];
            last[c] = row[c];
            long zigzag = (delta << 1) ^ (delta >> 63);
            while ((zigzag & ~0x7FL) != 0) {
                bytes[length++] = (byte) ((zigzag & 0x7F) | 0x80);
                zigzag >>>= 7;
            }
            bytes[length++] = (byte) zigzag;
        }
        rows++;
    }

    /** Reads the rows in order. */
    Cursor cursor() {
        return new Cursor();
    }

    /** Every row decoded, by column: {@code [column][row]}. */
    long[][] columns() {
        long[][] out = new long[width][rows];
        Cursor cursor = cursor();
        long[] row = new long[width];
        for (int r = 0; r < rows; r++) {
            cursor.next(row);
            for (int c = 0; c < width; c++) {
                out[c][r] = row[c];
            }
        }
        return out;
    }

    long footprintBytes() {
        return bytes.length;
    }

    void trim() {
        bytes = Arrays.copyOf(bytes, length);
    }

    final class Cursor {
        private final long[] value = new long[width];
        private int pos;

        /** The next row into {@code into} (at least {@code width} long). */
        void next(long[] into) {
            byte[] b = bytes;
            int p = pos;
            for (int c = 0; c < width; c++) {
                long zigzag = 0;
                int shift = 0;
                byte x;
                do {
                    x = b[p++];
                    zigzag |= (long) (x & 0x7F) << shift;
                    shift += 7;
                } while (x < 0);
                long v = value[c] + ((zigzag >>> 1) ^ -(zigzag & 1));
                value[c] = v;
                into[c] = v;
            }
            pos = p;
        }
    }
}
