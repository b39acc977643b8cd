package org.xenemu.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PermTest {
    @Test
    void parsesAndPrintsTheWireForm() {
        assertEquals(Perm.none(0), Perm.parse("n0"));
        assertEquals(Perm.read(5), Perm.parse("r5"));
        assertEquals(Perm.write(65535), Perm.parse("w65535"));
        assertEquals(Perm.both(7), Perm.parse("b7"));
        assertEquals("r5", Perm.read(5).toString());
        assertEquals(List.of(Perm.none(0), Perm.read(1)), Perm.parseAll(List.of("n0", "r1")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "r", "x5", "r-1", "r+1", "r65536", "r0x10", "r5 ", "R5", "r1234567"})
    void refusesWhatIsNotOneLetterAndADomid(String text) {
        assertThrows(IllegalArgumentException.class, () -> Perm.parse(text));
    }

    @Test
    void jsonIsTheWireString() {
        assertEquals("[\"n0\",\"r5\"]", Http.MAPPER.writeValueAsString(List.of(Perm.none(0), Perm.read(5))));
        assertEquals(Perm.both(3), Http.MAPPER.readValue("\"b3\"", Perm.class));
    }

    @Test
    void errnoNamesMapAndUnknownOnesAreKept() {
        assertEquals(Errno.EAGAIN, Errno.fromName("EAGAIN"));
        assertEquals(11, Errno.EAGAIN.number());
        assertEquals(Errno.UNKNOWN, Errno.fromName("EQUOTA"));
        assertEquals(Errno.UNKNOWN, Errno.fromName(null));
        XenemuException e = new XenemuException(507, "EQUOTA", "Insufficient Storage", "quota", null, null);
        assertEquals(Errno.UNKNOWN, e.errno());
        assertEquals("EQUOTA", e.errnoName());
        assertEquals("507 EQUOTA: quota", e.getMessage());
    }
}
