package org.xenemu.xenstore.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xenemu.xenstore.wire.WireTestClient.b;

import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xenemu.xenstore.WatchSink;

/**
 * Byte-exact request → reply pairs for every message type. The expected bytes are what C
 * xenstored 4.17 answered to the same frames (tools/real-xenstored, 2026-11-23).
 */
class WireSessionTest {
    private static final HexFormat HEX = HexFormat.of();
    private FakeXenstore store;
    private WireSession dom0;
    private WireSession guest;

    @BeforeEach
    void setUp() {
        store = new FakeXenstore();
        dom0 = new WireSession(store.connect(0, true, WatchSink.DISCARD));
        guest = new WireSession(store.connect(5, false, WatchSink.DISCARD));
    }

    private static Frame req(int type, int tx, String payload) {
        return new Frame(type, 0x11, tx, b(payload));
    }

    private static String hex(Frame f) {
        return HEX.formatHex(f.encode());
    }

    private static Frame answer(int type, int tx, String payload) {
        return new Frame(type, 0x11, tx, b(payload));
    }

    private void assertReply(WireSession s, Frame request, Frame expected) {
        assertThat(hex(s.handle(request))).isEqualTo(hex(expected));
    }

    @Nested
    class NodeOperations {
        @Test
        void writeValueIsEverythingAfterTheFirstNulAndReadReplyHasNoTerminator() {
            assertReply(dom0, req(XsType.WRITE, 0, "/a\0x\0y"), answer(XsType.WRITE, 0, "OK\0"));
            assertReply(dom0, req(XsType.READ, 0, "/a\0"), answer(XsType.READ, 0, "x\0y"));
        }

        @Test
        void writeWithoutValueStoresEmptyAndWithoutNulIsEinval() {
            assertReply(dom0, req(XsType.WRITE, 0, "/a\0"), answer(XsType.WRITE, 0, "OK\0"));
            assertReply(dom0, req(XsType.WRITE, 0, "/a"), answer(XsType.ERROR, 0, "EINVAL\0"));
        }

        /** C answers a left-over errno here (not deterministic); docs/xenstore.md "Wire protocol" says EINVAL. */
        @ParameterizedTest
        @ValueSource(strings = {"/tool", "/tool\0\0", "/tool\0x", ""})
        void readDirectoryAndGetPermsWithMissingOrExtraNulAreEinval(String payload) {
            store.nodes.put("/tool", new byte[0]);
            assertReply(dom0, req(XsType.READ, 0, payload), answer(XsType.ERROR, 0, "EINVAL\0"));
            assertReply(dom0, req(XsType.DIRECTORY, 0, payload), answer(XsType.ERROR, 0, "EINVAL\0"));
            assertReply(dom0, req(XsType.GET_PERMS, 0, payload), answer(XsType.ERROR, 0, "EINVAL\0"));
        }

        @Test
        void missingNodeIsEnoent() {
            assertReply(dom0, req(XsType.READ, 0, "/nope\0"), answer(XsType.ERROR, 0, "ENOENT\0"));
        }

        @Test
        void directoryRepliesNulTerminatedNames() {
            dom0.handle(req(XsType.WRITE, 0, "/d/a\0"));
            dom0.handle(req(XsType.WRITE, 0, "/d/b\0"));
            assertReply(dom0, req(XsType.DIRECTORY, 0, "/d\0"), answer(XsType.DIRECTORY, 0, "a\0b\0"));
            assertReply(dom0, req(XsType.DIRECTORY, 0, "/d/a\0"), answer(XsType.DIRECTORY, 0, ""));
            assertReply(dom0, req(XsType.DIRECTORY, 0, "/d"), answer(XsType.ERROR, 0, "EINVAL\0"));
        }

        @Test
        void directoryPartRepliesGenerationThenChunkEndingInEmptyName() {
            dom0.handle(req(XsType.WRITE, 0, "/d/a\0"));
            dom0.handle(req(XsType.WRITE, 0, "/d/bb\0"));
            assertReply(dom0, req(XsType.DIRECTORY_PART, 0, "/d\0" + "0\0"), answer(XsType.DIRECTORY_PART, 0, "7\0a\0bb\0\0"));
            assertReply(dom0, req(XsType.DIRECTORY_PART, 0, "/d\0" + "2\0"), answer(XsType.DIRECTORY_PART, 0, "7\0bb\0\0"));
            assertReply(dom0, req(XsType.DIRECTORY_PART, 0, "/d\0" + "100\0"), answer(XsType.DIRECTORY_PART, 0, "7\0\0"));
            assertReply(dom0, req(XsType.DIRECTORY_PART, 0, "/d\0" + "-1\0"), answer(XsType.DIRECTORY_PART, 0, "7\0\0"));
            assertReply(dom0, req(XsType.DIRECTORY_PART, 0, "/d\0" + "0"), answer(XsType.ERROR, 0, "EINVAL\0"));
            assertReply(dom0, req(XsType.DIRECTORY_PART, 0, "/d\0" + "0\0x\0"), answer(XsType.ERROR, 0, "EINVAL\0"));
        }

        @Test
        void mkdirAndRmWithMissingOrExtraNulAreEinval() {
            assertReply(dom0, req(XsType.MKDIR, 0, "/b"), answer(XsType.ERROR, 0, "EINVAL\0"));
            assertReply(dom0, req(XsType.RM, 0, "/b\0\0"), answer(XsType.ERROR, 0, "EINVAL\0"));
            assertReply(dom0, req(XsType.MKDIR, 0, "/b\0"), answer(XsType.MKDIR, 0, "OK\0"));
            assertReply(dom0, req(XsType.RM, 0, "/b\0"), answer(XsType.RM, 0, "OK\0"));
        }

        @Test
        void permsAreNulTerminatedListAndSetPermsNeedsOne() {
            dom0.handle(req(XsType.WRITE, 0, "/p\0"));
            assertReply(dom0, req(XsType.GET_PERMS, 0, "/p\0"), answer(XsType.GET_PERMS, 0, "n0\0"));
            assertReply(dom0, req(XsType.SET_PERMS, 0, "/p\0n0\0r5\0"), answer(XsType.SET_PERMS, 0, "OK\0"));
            assertReply(dom0, req(XsType.SET_PERMS, 0, "/p\0"), answer(XsType.ERROR, 0, "EINVAL\0"));
            assertReply(dom0, req(XsType.SET_PERMS, 0, "/p\0n0"), answer(XsType.ERROR, 0, "EINVAL\0"));
        }
    }

    @Nested
    class WatchesAndTransactions {
        @Test
        void watchTakesExactlyTwoStrings() {
            assertReply(dom0, req(XsType.WATCH, 0, "/w\0tok\0"), answer(XsType.WATCH, 0, "OK\0"));
            assertReply(dom0, req(XsType.WATCH, 0, "/w\0tok\0"), answer(XsType.ERROR, 0, "EEXIST\0"));
            assertReply(dom0, req(XsType.WATCH, 0, "/w\0tok2"), answer(XsType.ERROR, 0, "EINVAL\0"));
            assertReply(dom0, req(XsType.WATCH, 0, "/w\0tok3\0\0"), answer(XsType.ERROR, 0, "EINVAL\0"));
            assertReply(dom0, req(XsType.WATCH, 0, "/w\0tok4\0x"), answer(XsType.WATCH, 0, "OK\0"));
            assertReply(dom0, req(XsType.UNWATCH, 0, "/w\0tok\0"), answer(XsType.UNWATCH, 0, "OK\0"));
            assertReply(dom0, req(XsType.UNWATCH, 0, "/w\0tok\0"), answer(XsType.ERROR, 0, "ENOENT\0"));
            assertReply(dom0, req(XsType.UNWATCH, 0, "/w\0tok4\0extra\0"), answer(XsType.ERROR, 0, "EINVAL\0"));
        }

        @Test
        void transactionStartRepliesIdWithRequestTxIdAndIgnoresPayload() {
            assertReply(dom0, req(XsType.TRANSACTION_START, 0, "\0"), answer(XsType.TRANSACTION_START, 0, "1\0"));
            assertReply(dom0, req(XsType.TRANSACTION_START, 0, ""), answer(XsType.TRANSACTION_START, 0, "2\0"));
            assertReply(dom0, req(XsType.TRANSACTION_START, 1, "\0"), answer(XsType.ERROR, 1, "EBUSY\0"));
            assertReply(dom0, req(XsType.WRITE, 1, "/tx\0"), answer(XsType.WRITE, 1, "OK\0"));
            assertReply(dom0, req(XsType.TRANSACTION_END, 1, "X\0"), answer(XsType.ERROR, 1, "EINVAL\0"));
            assertReply(dom0, req(XsType.TRANSACTION_END, 1, "T"), answer(XsType.ERROR, 1, "EINVAL\0"));
            assertReply(dom0, req(XsType.TRANSACTION_END, 1, "F\0"), answer(XsType.TRANSACTION_END, 1, "OK\0"));
            assertReply(dom0, req(XsType.TRANSACTION_END, 1, "F\0"), answer(XsType.ERROR, 1, "ENOENT\0"));
        }

        @Test
        void unknownTransactionIsEnoentForEveryOperation() {
            assertReply(dom0, req(XsType.READ, 99, "/\0"), answer(XsType.ERROR, 99, "ENOENT\0"));
            assertReply(dom0, req(XsType.TRANSACTION_START, 5, "\0"), answer(XsType.ERROR, 5, "ENOENT\0"));
            assertReply(dom0, req(XsType.TRANSACTION_END, 0, "T\0"), answer(XsType.ERROR, 0, "ENOENT\0"));
            assertReply(dom0, req(XsType.TRANSACTION_END, 0, "\0"), answer(XsType.ERROR, 0, "EINVAL\0"));
        }

        @Test
        void resetWatchesIgnoresPayloadAndEndsTransactions() {
            dom0.handle(req(XsType.TRANSACTION_START, 0, "\0"));
            assertReply(dom0, req(XsType.RESET_WATCHES, 0, "a\0b\0"), answer(XsType.RESET_WATCHES, 0, "OK\0"));
            assertReply(dom0, req(XsType.READ, 1, "/\0"), answer(XsType.ERROR, 1, "ENOENT\0"));
        }
    }

    @Nested
    class DomainOperations {
        @Test
        void introduceNeedsThreeStringsAndNonZeroPort() {
            assertReply(dom0, req(XsType.INTRODUCE, 0, "5\0" + "1\0" + "2\0"), answer(XsType.INTRODUCE, 0, "OK\0"));
            assertReply(dom0, req(XsType.INTRODUCE, 0, "5\0" + "1\0" + "2"), answer(XsType.ERROR, 0, "EINVAL\0"));
            assertReply(dom0, req(XsType.INTRODUCE, 0, "9\0" + "1\0" + "0\0"), answer(XsType.ERROR, 0, "EINVAL\0"));
        }

        @Test
        void isDomainIntroducedAndGetDomainPathReadDomidLikeAtoi() {
            assertReply(dom0, req(XsType.IS_DOMAIN_INTRODUCED, 0, "0\0"), answer(XsType.IS_DOMAIN_INTRODUCED, 0, "T\0"));
            assertReply(dom0, req(XsType.IS_DOMAIN_INTRODUCED, 0, "7\0"), answer(XsType.IS_DOMAIN_INTRODUCED, 0, "F\0"));
            assertReply(dom0, req(XsType.IS_DOMAIN_INTRODUCED, 0, "5"), answer(XsType.ERROR, 0, "EINVAL\0"));
            assertReply(dom0, req(XsType.GET_DOMAIN_PATH, 0, "5abc\0"), answer(XsType.GET_DOMAIN_PATH, 0, "/local/domain/5\0"));
            assertReply(dom0, req(XsType.GET_DOMAIN_PATH, 0, "-3\0"), answer(XsType.GET_DOMAIN_PATH, 0, "/local/domain/4294967293\0"));
            assertReply(dom0, req(XsType.GET_DOMAIN_PATH, 0, "5\0\0"), answer(XsType.ERROR, 0, "EINVAL\0"));
        }

        @Test
        void releaseResumeAndSetTargetCheckTheirArguments() {
            assertReply(dom0, req(XsType.RELEASE, 0, "abc\0"), answer(XsType.ERROR, 0, "EINVAL\0"));
            assertReply(dom0, req(XsType.RESUME, 0, "0\0"), answer(XsType.ERROR, 0, "EINVAL\0"));
            assertReply(dom0, req(XsType.RELEASE, 0, "6\0"), answer(XsType.RELEASE, 0, "OK\0"));
            assertReply(dom0, req(XsType.RESUME, 0, "6\0"), answer(XsType.RESUME, 0, "OK\0"));
            assertReply(dom0, req(XsType.SET_TARGET, 0, "5\0"), answer(XsType.ERROR, 0, "EINVAL\0"));
            assertReply(dom0, req(XsType.SET_TARGET, 0, "5\0" + "6\0"), answer(XsType.SET_TARGET, 0, "OK\0"));
        }

        @ParameterizedTest
        @ValueSource(ints = {XsType.CONTROL, XsType.INTRODUCE, XsType.RELEASE, XsType.IS_DOMAIN_INTRODUCED,
            XsType.RESUME, XsType.SET_TARGET})
        void privilegedOperationsAreEaccesForGuests(int type) {
            assertReply(guest, req(type, 0, "1\0" + "2\0" + "3\0"), answer(XsType.ERROR, 0, "EACCES\0"));
        }

        @Test
        void controlNeedsATerminatedCommand() {
            assertReply(dom0, req(XsType.CONTROL, 0, "help\0"), answer(XsType.CONTROL, 0, "help\t\n\0"));
            assertReply(dom0, req(XsType.CONTROL, 0, "help"), answer(XsType.ERROR, 0, "EINVAL\0"));
            assertReply(dom0, req(XsType.CONTROL, 0, "\0"), answer(XsType.ERROR, 0, "EINVAL\0"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {15, 16, 20, 23, 24, 25, 26, 99, -1})
    void unknownAndServerOnlyTypesAreEnosys(int type) {
        assertReply(dom0, req(type, 0, "x\0"), answer(XsType.ERROR, 0, "ENOSYS\0"));
    }

    @Test
    void replyLongerThan4096IsE2big() {
        store.nodes.put("/big", new byte[4097]);
        assertReply(dom0, req(XsType.READ, 0, "/big\0"), answer(XsType.ERROR, 0, "E2BIG\0"));
    }
}
