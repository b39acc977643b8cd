package org.xenemu.client;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An incremental {@code text/event-stream} parser (HTML Living Standard, "Interpreting an event
 * stream"): bytes in any chunking, lines ended by CRLF, LF or CR, UTF-8 decoded per line, comments
 * ignored, an event dispatched at each blank line that follows data. Not thread-safe: one
 * delivery thread at a time, as a Flow subscription guarantees.
 */
final class SseParser {
    private final Consumer<SseEvent> sink;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String type = "";
    private String lastEventId;
    private boolean afterCr;
    private boolean firstLine = true;

    SseParser(Consumer<SseEvent> sink) {
        this.sink = sink;
    }

    void feed(ByteBuffer buffer) {
        while (buffer.hasRemaining()) {
            byte b = buffer.get();
            if (afterCr) {
                afterCr = false;
                if (b == '\n') {
                    continue;
                }
            }
            if (b == '\r') {
                afterCr = true;
                endLine();
            } else if (b == '\n') {
                endLine();
            } else {
                line.write(b);
            }
        }
    }

    private void endLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (firstLine) {
            firstLine = false;
            if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
                text = text.substring(1);
            }
        }
        if (text.isEmpty()) {
            dispatch();
            return;
        }
        if (text.charAt(0) == ':') {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> type = value;
            case "data" -> {
                data.append(value).append('\n');
                hasData = true;
            }
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
            }
            default -> {
                // "retry" and unknown fields: nothing to do for a client that reconnects itself
            }
        }
    }

    private void dispatch() {
        if (hasData) {
            String payload = data.substring(0, data.length() - 1);
            sink.accept(new SseEvent(type.isEmpty() ? "message" : type, payload, Optional.ofNullable(lastEventId)));
        }
        data.setLength(0);
        hasData = false;
        type = "";
    }
}
