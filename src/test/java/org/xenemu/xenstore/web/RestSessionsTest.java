package org.xenemu.xenstore.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xenemu.xenstore.XsFixture.assertErrno;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xenemu.caller.Caller;
import org.xenemu.error.Errno;
import org.xenemu.xenstore.XenstoreEngine;
import org.xenemu.xenstore.store.Quotas;

class RestSessionsTest {
    final AtomicLong wall = new AtomicLong();
    final XenstoreEngine xs = new XenstoreEngine(Quotas.DEFAULTS);
    final RestSessions sessions = new RestSessions(xs, 60, wall::get);

    @AfterEach
    void close() {
        sessions.close();
    }

    @Test
    void transactionIdleFor60SecondsOfWallTimeIsAborted() {
        long id = sessions.start(Caller.DOM0, 0);
        wall.addAndGet(TimeUnit.SECONDS.toNanos(59));
        sessions.abortIdle();
        assertThat(xs.quota(0).usage().get("transactions")).isEqualTo(1);
        wall.addAndGet(TimeUnit.SECONDS.toNanos(1));
        sessions.abortIdle();
        assertThat(xs.quota(0).usage().get("transactions")).isZero();
        assertErrno(Errno.ENOENT, () -> sessions.end(Caller.DOM0, id, true));
    }

    @Test
    void usingATransactionKeepsItAlive() {
        long id = sessions.start(Caller.DOM0, 0);
        for (int i = 0; i < 5; i++) {
            wall.addAndGet(TimeUnit.SECONDS.toNanos(50));
            sessions.transaction(Caller.DOM0, Long.toString(id));
            sessions.abortIdle();
            assertThat(xs.quota(0).usage().get("transactions")).as("after %d s", (i + 1) * 50).isEqualTo(1);
        }
        sessions.end(Caller.DOM0, id, true);
        assertThat(xs.quota(0).usage().get("transactions")).isZero();
    }

    @Test
    void eachCallingDomainHasItsOwnConnection() {
        assertThat(sessions.connection(Caller.DOM0)).isSameAs(sessions.connection(Caller.DOM0));
        assertThat(sessions.connection(Caller.guest(3, true)).privileged()).isFalse();
        assertThat(sessions.connection(Caller.DOM0).privileged()).isTrue();
        assertErrno(Errno.EACCES, () -> sessions.connection(Caller.guest(3, false)));
    }
}
