package org.xenemu.xenstore.wire;

import java.nio.channels.SelectionKey;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepting after a failure, on the acceptor loop's thread only. When accept fails — in practice
 * EMFILE or ENFILE, the process or the system is out of file descriptors — the pending connection
 * stays in the kernel's backlog and the listening socket stays ready, so accepting again at once
 * fails again at once, as fast as the loop can turn (issue 18: 339 MB of stack traces in ~10 s).
 * So the first failure pauses every listener of the loop (file descriptors are a process-wide
 * resource) for {@code backoffMillis}, by taking OP_ACCEPT out of their interest sets and
 * scheduling its return on the loop — never by sleeping on the selector thread. An episode is
 * logged twice, briefly, without a stack trace: when it starts, and when it is over, that is when
 * {@value #QUIET_BACKOFFS} backoff periods passed without a failed accept (so a process hovering at
 * its limit, where every freed descriptor is taken at once, makes one episode, not one a turn).
 */
final class AcceptGate {
    private static final Logger log = LoggerFactory.getLogger(AcceptGate.class);

    private final IoLoop loop;
    private final int backoffMillis;
    private final Supplier<Set<SelectionKey>> listenerKeys;
    static final int QUIET_BACKOFFS = 10;

    private boolean paused;
    private boolean failing;
    private long failures;
    private long failuresAtRecoveryCheck;

    AcceptGate(IoLoop loop, int backoffMillis, Supplier<Set<SelectionKey>> listenerKeys) {
        this.loop = loop;
        this.backoffMillis = backoffMillis;
        this.listenerKeys = listenerKeys;
    }

    /** The interest set a listener registered now should start with. */
    int interestOps() {
        return paused ? 0 : SelectionKey.OP_ACCEPT;
    }

    boolean paused() {
        return paused;
    }

    void failed(Object where, Throwable e) {
        failures++;
        if (!failing) {
            failing = true;
            log.warn("xenstore sockets cannot accept ({} on {}): pausing accepts for {} ms at a time until it works",
                e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName(), where, backoffMillis);
            scheduleRecoveryCheck();
        }
        if (!paused) {
            paused = true;
            setInterest(0);
            loop.schedule(backoffMillis, this::resume);
        }
    }

    private void scheduleRecoveryCheck() {
        failuresAtRecoveryCheck = failures;
        loop.schedule((long) QUIET_BACKOFFS * backoffMillis, this::checkRecovered);
    }

    private void checkRecovered() {
        if (failures != failuresAtRecoveryCheck) {
            scheduleRecoveryCheck(); // failed again meanwhile: the episode goes on
            return;
        }
        failing = false;
        log.info("xenstore sockets accept again: no failure for {} ms, {} failed attempts in all",
            (long) QUIET_BACKOFFS * backoffMillis, failures);
        failures = 0;
    }

    private void resume() {
        paused = false;
        setInterest(SelectionKey.OP_ACCEPT);
    }

    private void setInterest(int ops) {
        for (SelectionKey key : listenerKeys.get()) {
            if (key.isValid()) {
                key.interestOps(ops);
            }
        }
    }
}
