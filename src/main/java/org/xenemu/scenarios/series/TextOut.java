package org.xenemu.scenarios.series;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.xenemu.scenarios.workload.Nanos;

/**
 * A buffered UTF-8 sink with the one number format of every output: integers in plain decimal
 * (no grouping, no plus sign), seconds as exact decimals ({@link Nanos#appendSeconds}), millionths
 * as six fixed decimals. No {@link java.util.Locale}, no {@code String.format}, no
 * {@link Double#toString} (whose digits changed in JDK 19): the same values give the same bytes on
 * every JVM. I/O failures surface as {@link UncheckedIOException}.
 */
public final class TextOut implements AutoCloseable {
    private final OutputStream out;
    private final byte[] buffer = new byte[1 << 16];
    private final StringBuilder scratch = new StringBuilder(32);
    private int length;

    public TextOut(OutputStream out) {
        this.out = out;
    }

    public TextOut ascii(char c) {
        if (length == buffer.length) {
            flushBuffer();
        }
        buffer[length++] = (byte) c;
        return this;
    }

    /** Text known to be ASCII (names of columns, digits). */
    public TextOut ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            ascii(s.charAt(i));
        }
        return this;
    }

    /** Bytes encoded once and written many times (a variant's name, a sample's time). */
    public TextOut bytes(byte[] b) {
        if (length + b.length > buffer.length) {
            flushBuffer();
            if (b.length > buffer.length) {
                try {
                    out.write(b);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return this;
            }
        }
        System.arraycopy(b, 0, buffer, length, b.length);
        length += b.length;
        return this;
    }

    /** Any text, as UTF-8. */
    public TextOut text(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                for (byte b : bytes) {
                    if (length == buffer.length) {
                        flushBuffer();
                    }
                    buffer[length++] = b;
                }
                return this;
            }
        }
        return ascii(s);
    }

    public TextOut number(long value) {
        if (value == Long.MIN_VALUE) {
            return ascii("-9223372036854775808");
        }
        if (length + 20 > buffer.length) {
            flushBuffer();
        }
        if (value < 0) {
            buffer[length++] = '-';
            value = -value;
        }
        int end = length + digits(value);
        int i = end;
        // two digits per division: the series are millions of five- to nine-digit numbers
        while (value >= 100) {
            long q = value / 100;
            int pair = (int) (value - q * 100) << 1;
            buffer[--i] = DIGIT_PAIRS[pair + 1];
            buffer[--i] = DIGIT_PAIRS[pair];
            value = q;
        }
        if (value >= 10) {
            int pair = (int) value << 1;
            buffer[--i] = DIGIT_PAIRS[pair + 1];
            buffer[--i] = DIGIT_PAIRS[pair];
        } else {
            buffer[--i] = (byte) ('0' + value);
        }
        length = end;
        return this;
    }

    /** "00", "01", … "99", back to back. */
    private static final byte[] DIGIT_PAIRS = new byte[200];

    static {
        for (int n = 0; n < 100; n++) {
            DIGIT_PAIRS[2 * n] = (byte) ('0' + n / 10);
            DIGIT_PAIRS[2 * n + 1] = (byte) ('0' + n % 10);
        }
    }

    /** Decimal digits of {@code value} (≥ 0). */
    private static int digits(long value) {
        int digits = 1;
        for (long limit = 10; digits < 19 && value >= limit; limit *= 10) {
            digits++;
        }
        return digits;
    }

    /** Virtual nanoseconds as seconds: {@code 60}, {@code 0.5}, {@code 86400}. */
    public TextOut seconds(long nanos) {
        scratch.setLength(0);
        Nanos.appendSeconds(scratch, nanos);
        for (int i = 0; i < scratch.length(); i++) {
            ascii(scratch.charAt(i));
        }
        return this;
    }

    /** Millionths as a decimal with exactly six places: 523100 → {@code 0.523100}, -5 → {@code -0.000005}. */
    public TextOut micros(long millionths) {
        if (millionths < 0) {
            ascii('-');
            millionths = -millionths;
        }
        number(millionths / 1_000_000).ascii('.');
        long frac = millionths % 1_000_000;
        for (long div = 100_000; div > 0; div /= 10) {
            ascii((char) ('0' + frac / div % 10));
        }
        return this;
    }

    public void flush() {
        flushBuffer();
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void flushBuffer() {
        try {
            out.write(buffer, 0, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        length = 0;
    }

    /** Flushes; the stream stays open (it belongs to the caller). */
    @Override
    public void close() {
        flush();
    }
}
