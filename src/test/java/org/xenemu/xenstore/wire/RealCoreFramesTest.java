package org.xenemu.xenstore.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xenemu.xenstore.wire.WireTestClient.b;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xenemu.xenstore.WatchSink;
import org.xenemu.xenstore.XenstoreEngine;
import org.xenemu.xenstore.store.Quotas;

/**
 * The same frames sent to C xenstored 4.17 (tools/real-xenstored) and to {@link WireSession} over
 * the real core (not {@link FakeXenstore}); the expected payloads are C's answers. Transactions: a
 * transaction answers from each node as it first accessed it, while another connection commits
 * changes in between.
 */
class RealCoreFramesTest {
    private final XenstoreEngine store = new XenstoreEngine(Quotas.DEFAULTS);
    private final WireSession t = new WireSession(store.connect(0, true, WatchSink.DISCARD));
    private final WireSession o = new WireSession(store.connect(0, true, WatchSink.DISCARD));
    private int tx;

    @BeforeEach
    void setUp() {
        send(o, XsType.WRITE, 0, "/aud/x\0v1");
        send(o, XsType.WRITE, 0, "/aud/y\0y1");
        tx = Integer.parseInt(send(t, XsType.TRANSACTION_START, 0, "\0").replace("\0", ""));
    }

    private static String send(WireSession s, int type, int tx, String payload) {
        Frame reply = s.handle(new Frame(type, 7, tx, b(payload)));
        String text = new String(reply.payload(), StandardCharsets.ISO_8859_1);
        return reply.type() == XsType.ERROR ? "ERR " + text : text;
    }

    @Test
    void directoryPartPastTheEndOrNegativeIsTheGenerationAndAnEmptyName() {
        String gen = send(o, XsType.DIRECTORY_PART, 0, "/aud\0" + "0\0").split("\0", 2)[0];
        assertThat(send(o, XsType.DIRECTORY_PART, 0, "/aud\0" + "0\0")).isEqualTo(gen + "\0x\0y\0\0");
        assertThat(send(o, XsType.DIRECTORY_PART, 0, "/aud\0" + "2\0")).isEqualTo(gen + "\0y\0\0");
        assertThat(send(o, XsType.DIRECTORY_PART, 0, "/aud\0" + "1\0")).isEqualTo(gen + "\0\0y\0\0");
        for (String offset : new String[] {"4", "5", "100", "1000000", "-1", "4294967295"}) {
            assertThat(send(o, XsType.DIRECTORY_PART, 0, "/aud\0" + offset + "\0")).as(offset).isEqualTo(gen + "\0\0");
        }
    }

    @Test
    void watchOfAnyAtNameIsOkWithItsInitialEventAndUnknownUnwatchIsEnoent() {
        for (String name : new String[] {"@foo", "@", "@a/b"}) {
            assertThat(send(o, XsType.WATCH, 0, name + "\0tok\0")).isEqualTo("OK\0");
            assertThat(send(o, XsType.UNWATCH, 0, name + "\0tok\0")).isEqualTo("OK\0");
        }
        assertThat(send(o, XsType.UNWATCH, 0, "@never\0tok\0")).isEqualTo("ERR ENOENT\0");
        assertThat(send(o, XsType.WATCH, 0, "@" + "a".repeat(2048) + "\0tok\0")).isEqualTo("ERR EINVAL\0");
        assertThat(send(o, XsType.READ, 0, "@foo\0")).isEqualTo("ERR EINVAL\0");
        assertThat(send(o, XsType.GET_PERMS, 0, "@foo\0")).isEqualTo("ERR EINVAL\0");
        assertThat(send(o, XsType.SET_PERMS, 0, "@foo\0n0\0")).isEqualTo("ERR EINVAL\0");
    }

    /** C's do_unwatch only canonicalizes (prefixes a relative path) and looks the watch up. */
    @ParameterizedTest
    @ValueSource(strings = {"a.b", "a b", "//", "/aud/", "", "/aud//x", "rel/", "/\u00ff"})
    void unwatchOfInvalidPathIsEnoentAsC(String path) {
        assertThat(send(o, XsType.UNWATCH, 0, path + "\0tok\0")).isEqualTo("ERR ENOENT\0");
        assertThat(send(o, XsType.WATCH, 0, path + "\0tok\0")).isEqualTo("ERR EINVAL\0");
    }

    @Test
    void unwatchOfTheRelativeOrAbsoluteSpellingOfAWatchRemovesItAsC() {
        assertThat(send(o, XsType.WATCH, 0, "/local/domain/0/rw\0tok\0")).isEqualTo("OK\0");
        assertThat(send(o, XsType.UNWATCH, 0, "rw\0tok\0")).isEqualTo("OK\0");
        assertThat(send(o, XsType.WATCH, 0, "rw2\0tok\0")).isEqualTo("OK\0");
        assertThat(send(o, XsType.UNWATCH, 0, "/local/domain/0/rw2\0tok\0")).isEqualTo("OK\0");
        assertThat(send(o, XsType.UNWATCH, 0, "rw2\0tok\0")).isEqualTo("ERR ENOENT\0");
    }

    @Test
    void watchOfABadPathWithATransactionThatIsNotOpenIsEinvalAsC() {
        assertThat(send(o, XsType.WATCH, 77, "a b\0tok\0")).isEqualTo("ERR EINVAL\0");
    }

    @Test
    void secondReadAfterAnOutsideWriteAnswersTheFirstValue() {
        assertThat(send(t, XsType.READ, tx, "/aud/x\0")).isEqualTo("v1");
        send(o, XsType.WRITE, 0, "/aud/x\0v2");
        assertThat(send(t, XsType.READ, tx, "/aud/x\0")).isEqualTo("v1");
    }

    @Test
    void readOfANodeFirstSeenMissingStaysEnoent() {
        assertThat(send(t, XsType.READ, tx, "/aud/m\0")).isEqualTo("ERR ENOENT\0");
        send(o, XsType.WRITE, 0, "/aud/m\0m1");
        assertThat(send(t, XsType.READ, tx, "/aud/m\0")).isEqualTo("ERR ENOENT\0");
    }

    @Test
    void secondDirectoryAnswersTheFirstChildList() {
        assertThat(send(t, XsType.DIRECTORY, tx, "/aud\0")).isEqualTo("x\0y\0");
        send(o, XsType.WRITE, 0, "/aud/z\0z1");
        assertThat(send(t, XsType.DIRECTORY, tx, "/aud\0")).isEqualTo("x\0y\0");
    }

    @Test
    void readAfterTheTransactionsOwnWriteStillAnswersTheFirstValue() {
        assertThat(send(t, XsType.READ, tx, "/aud/x\0")).isEqualTo("v1");
        assertThat(send(t, XsType.WRITE, tx, "/aud/y\0y2")).isEqualTo("OK\0");
        send(o, XsType.WRITE, 0, "/aud/x\0v3");
        assertThat(send(t, XsType.READ, tx, "/aud/x\0")).isEqualTo("v1");
        assertThat(send(t, XsType.TRANSACTION_END, tx, "T\0")).isEqualTo("ERR EAGAIN\0");
    }

    @Test
    void secondGetPermsAnswersTheFirstPerms() {
        assertThat(send(t, XsType.GET_PERMS, tx, "/aud/x\0")).isEqualTo("n0\0");
        send(o, XsType.SET_PERMS, 0, "/aud/x\0n0\0r3\0");
        assertThat(send(t, XsType.GET_PERMS, tx, "/aud/x\0")).isEqualTo("n0\0");
        assertThat(send(t, XsType.TRANSACTION_END, tx, "F\0")).isEqualTo("OK\0");
    }
}
