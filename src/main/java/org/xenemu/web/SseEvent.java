package org.xenemu.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * One server-sent event (or comment) as it goes on the wire, in the format Spring's
 * {@code SseEmitter} wrote: {@code id:…}, {@code event:…}, {@code data:<json>}, a blank line; a
 * comment is {@code :text} and a blank line. Made cheaply on the thread that offers it (an engine
 * step, the store's delivering thread); its bytes, JSON included, are made once, by the first
 * writer that needs them, and shared by every stream that sends it.
 */
public final class SseEvent {
    private final @Nullable String id;
    private final @Nullable String name;
    private final @Nullable Object data;
    private final @Nullable String comment;
    private volatile byte @Nullable [] bytes;

    private SseEvent(@Nullable String id, @Nullable String name, @Nullable Object data, @Nullable String comment) {
        this.id = id;
        this.name = name;
        this.data = data;
        this.comment = comment;
    }

    /** An event whose data is {@code data} as JSON; {@code id} and {@code name} may be null. */
    public static SseEvent of(@Nullable String id, @Nullable String name, Object data) {
        return new SseEvent(id, name, data, null);
    }

    public static SseEvent comment(String text) {
        return new SseEvent(null, null, null, text);
    }

    /** The wire bytes, made at most a few times (racing writers make the same bytes), then shared. */
    byte[] bytes(SseStreams.Json json) {
        byte[] b = bytes;
        if (b == null) {
            b = encode(json);
            bytes = b;
        }
        return b;
    }

    private byte[] encode(SseStreams.Json json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        if (comment != null) {
            lines(out, "", comment);
        }
        if (id != null) {
            lines(out, "id:", id);
        }
        if (name != null) {
            lines(out, "event:", name);
        }
        if (data != null) {
            lines(out, "data:", new String(json.encode(data), StandardCharsets.UTF_8));
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** Each line of {@code value} as its own field, so a line break can never end the event early. */
    private static void lines(ByteArrayOutputStream out, String field, String value) {
        for (String line : value.split("\r\n|\r|\n", -1)) {
            if (field.isEmpty()) {
                out.write(':');
            }
            out.writeBytes(field.getBytes(StandardCharsets.UTF_8));
            out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
    }
}
