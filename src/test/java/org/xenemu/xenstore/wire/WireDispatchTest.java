package org.xenemu.xenstore.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xenemu.xenstore.wire.WireTestClient.b;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xenemu.xenstore.WatchSink;
import org.xenemu.xenstore.XenstoreEngine;
import org.xenemu.xenstore.store.Quotas;

/**
 * {@link WireOps}: C xenstored 4.17's {@code wire_funcs} flags and {@code process_message} order
 * (ENOSYS, then EACCES for XS_FLAG_PRIV, then the transaction lookup unless XS_FLAG_NOTID).
 * WATCH and UNWATCH with a stale tx_id were measured on tools/real-xenstored (OK, EINVAL for a bad
 * path, and the watch fires); the privilege-before-transaction order is read from the source,
 * because every connection to the reference daemon is privileged.
 */
class WireDispatchTest {
    private static final int STALE_TX = 77;
    private final XenstoreEngine store = new XenstoreEngine(Quotas.DEFAULTS);
    private final List<String> events = new ArrayList<>();
    private final WireSession dom0 = new WireSession(store.connect(0, true, (path, token) -> events.add(path + "|" + token)));
    private final WireSession guest = new WireSession(store.connect(5, false, WatchSink.DISCARD));

    private static Frame req(int type, int tx, String payload) {
        return new Frame(type, 0x11, tx, b(payload));
    }

    private static Frame answer(int type, int tx, String payload) {
        return new Frame(type, 0x11, tx, b(payload));
    }

    @Test
    void watchWithATransactionThatIsNotOpenIsOkAndFiresAsC() {
        assertThat(dom0.handle(req(XsType.WATCH, STALE_TX, "/w\0tok\0"))).isEqualTo(answer(XsType.WATCH, STALE_TX, "OK\0"));
        dom0.handle(req(XsType.WRITE, 0, "/w/x\0" + "1"));
        assertThat(events).containsExactly("/w|tok", "/w/x|tok");
    }

    @Test
    void watchOfABadPathWithATransactionThatIsNotOpenIsEinvalAsC() {
        assertThat(dom0.handle(req(XsType.WATCH, STALE_TX, "a b\0tok\0"))).isEqualTo(answer(XsType.ERROR, STALE_TX, "EINVAL\0"));
    }

    @Test
    void unwatchWithATransactionThatIsNotOpenRemovesTheWatchAsC() {
        dom0.handle(req(XsType.WATCH, 0, "/w\0tok\0"));
        assertThat(dom0.handle(req(XsType.UNWATCH, STALE_TX, "/w\0tok\0"))).isEqualTo(answer(XsType.UNWATCH, STALE_TX, "OK\0"));
        assertThat(dom0.handle(req(XsType.UNWATCH, STALE_TX, "/w\0tok\0"))).isEqualTo(answer(XsType.ERROR, STALE_TX, "ENOENT\0"));
    }

    static IntStream operationsThatLookTheTransactionUp() {
        return IntStream.rangeClosed(XsType.CONTROL, XsType.DIRECTORY_PART)
            .filter(WireOps::isRequest).filter(WireOps::looksUpTransaction);
    }

    /** Even RESET_WATCHES, GET_DOMAIN_PATH and the privileged ones, which then ignore the transaction. */
    @ParameterizedTest
    @MethodSource("operationsThatLookTheTransactionUp")
    void everyOtherOperationWithATransactionThatIsNotOpenIsEnoentBeforeItsArguments(int type) {
        assertThat(dom0.handle(req(type, STALE_TX, "not even arguments"))).isEqualTo(answer(XsType.ERROR, STALE_TX, "ENOENT\0"));
    }

    @ParameterizedTest
    @MethodSource("privilegedOperations")
    void privilegedOnlyOperationsAreEaccesForAGuestBeforeTheTransactionIsLookedUp(int type) {
        assertThat(guest.handle(req(type, STALE_TX, "1\0" + "2\0" + "3\0"))).isEqualTo(answer(XsType.ERROR, STALE_TX, "EACCES\0"));
    }

    static IntStream privilegedOperations() {
        return IntStream.rangeClosed(XsType.CONTROL, XsType.DIRECTORY_PART).filter(WireOps::privilegedOnly);
    }

    @Test
    void unknownTypesAreEnosysBeforePrivilegeAndTransaction() {
        for (int type : new int[] {XsType.WATCH_EVENT, XsType.ERROR, 20, 23, -1}) {
            assertThat(guest.handle(req(type, STALE_TX, "x\0"))).as(XsType.name(type))
                .isEqualTo(answer(XsType.ERROR, STALE_TX, "ENOSYS\0"));
        }
    }

    @Test
    void theTableIsCsWireFuncs() {
        assertThat(IntStream.rangeClosed(-1, 30).filter(WireOps::isRequest).boxed().toList())
            .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 17, 18, 19, 21, 22);
        assertThat(privilegedOperations().boxed().toList()).containsExactly(0, 8, 9, 17, 18, 19);
        assertThat(IntStream.rangeClosed(0, 22).filter(WireOps::isRequest).filter(t -> !WireOps.looksUpTransaction(t))
            .boxed().toList()).containsExactly(XsType.WATCH, XsType.UNWATCH);
    }
}
