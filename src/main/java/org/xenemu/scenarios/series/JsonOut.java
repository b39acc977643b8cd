package org.xenemu.scenarios.series;

import java.math.BigDecimal;

/**
 * A streaming JSON writer with members in the order they are written and the numbers of
 * {@link TextOut}. Strings escape {@code "}, {@code \}, control characters, and also {@code <},
 * {@code >}, {@code &}, U+2028 and U+2029, so the output can sit inside an HTML
 * {@code <script>} element unchanged. No whitespace between tokens. The caller balances
 * {@link #beginObject()} / {@link #endObject()}; commas are placed here.
 */
public final class JsonOut {
    private final TextOut out;
    /** One bit per open container: whether it already holds a value (then the next one needs a comma). */
    private long hasValue;
    private int depth;
    private boolean afterName;

    public JsonOut(TextOut out) {
        this.out = out;
    }

    public JsonOut beginObject() {
        beforeValue();
        out.ascii('{');
        open();
        return this;
    }

    public JsonOut endObject() {
        depth--;
        out.ascii('}');
        return this;
    }

    public JsonOut beginArray() {
        beforeValue();
        out.ascii('[');
        open();
        return this;
    }

    public JsonOut endArray() {
        depth--;
        out.ascii(']');
        return this;
    }

    public JsonOut name(String name) {
        beforeValue();
        string0(name);
        out.ascii(':');
        afterName = true;
        return this;
    }

    public JsonOut value(String s) {
        beforeValue();
        string0(s);
        return this;
    }

    public JsonOut value(long n) {
        beforeValue();
        out.number(n);
        return this;
    }

    public JsonOut value(boolean b) {
        beforeValue();
        out.ascii(b ? "true" : "false");
        return this;
    }

    /** An exact decimal as plain digits (never an exponent). */
    public JsonOut value(BigDecimal d) {
        beforeValue();
        out.ascii(d.toPlainString());
        return this;
    }

    public JsonOut seconds(long nanos) {
        beforeValue();
        out.seconds(nanos);
        return this;
    }

    public JsonOut micros(long millionths) {
        beforeValue();
        out.micros(millionths);
        return this;
    }

    public JsonOut nullValue() {
        beforeValue();
        out.ascii("null");
        return this;
    }

    /**
     * JSON text made elsewhere (a sweep value as the document wrote it), written as is but for the
     * characters escaped everywhere here (outside strings JSON has none of them, so this is safe).
     */
    public JsonOut raw(String json) {
        beforeValue();
        StringBuilder b = new StringBuilder(json.length());
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            b.append(c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029 ? unicode(c) : String.valueOf(c));
        }
        out.text(b.toString());
        return this;
    }

    private void open() {
        depth++;
        if (depth >= 64) {
            throw new IllegalStateException("JSON nested too deep");
        }
        hasValue &= ~(1L << depth);
    }

    private void beforeValue() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth > 0) {
            if ((hasValue & (1L << depth)) != 0) {
                out.ascii(',');
            }
            hasValue |= 1L << depth;
        }
    }

    private void string0(String s) {
        out.ascii('"');
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String escape = switch (c) {
                case '"' -> "\\\"";
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029
                        ? unicode(c) : null;
            };
            if (escape != null) {
                out.text(s.substring(start, i));
                out.ascii(escape);
                start = i + 1;
            }
        }
        out.text(s.substring(start));
        out.ascii('"');
    }

    private static String unicode(char c) {
        String hex = Integer.toHexString(c);
        return "\\u" + "0000".substring(hex.length()) + hex;
    }
}
