package org.xenemu.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SseParserTest {
    private final List<SseEvent> events = new ArrayList<>();
    private final SseParser parser = new SseParser(events::add);

    private void feed(String s) {
        parser.feed(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void dispatchesAtBlankLinesAndSkipsComments() {
        feed(":stream open\n\nid:7\nevent:watch\ndata:{\"path\":\"/a\"}\n\n:keep-alive\n\n");
        assertEquals(List.of(new SseEvent("watch", "{\"path\":\"/a\"}", Optional.of("7"))), events);
    }

    @Test
    void joinsDataLinesAndDefaultsTheType() {
        feed("data: one\ndata:two\n\n");
        assertEquals(List.of(new SseEvent("message", "one\ntwo", Optional.empty())), events);
    }

    @Test
    void anyLineEndingAndAnyChunkingGiveTheSameEvents() {
        String stream = "event:a\r\ndata:x\r\n\r\nevent:b\rdata:y\r\revent:c\ndata:zé\n\n";
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            parser.feed(ByteBuffer.wrap(bytes, i, 1));
        }
        assertEquals(List.of("a", "b", "c"), events.stream().map(SseEvent::type).toList());
        assertEquals(List.of("x", "y", "zé"), events.stream().map(SseEvent::data).toList());
    }

    @Test
    void anEventWithoutDataIsNotDispatched() {
        feed("event:lonely\n\n");
        assertEquals(List.of(), events);
    }
}
