package org.xenemu.toolstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.xenemu.caller.Caller;
import org.xenemu.clock.ClockMode;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.events.EventEnvelope;
import org.xenemu.guest.kernel.KernelConfig;

/**
 * A long manual advance moves time in slices and serves waiting requests between them (issue 18:
 * one virtual year with 11 tmem guests held {@code GET /host} for 19.6 s), without changing what
 * happens when nobody else calls.
 */
class LongAdvanceTest {
    private static final KernelConfig TMEM = new KernelConfig(65536, true, false, 0, 50, KernelConfig.AUTO,
            KernelConfig.AUTO);

    private static EmulatedHost hostWithTmemGuests(int guests) {
        EmulatedHost host = EmulatedHost.create(HostSettings.defaults().withClockMode(ClockMode.MANUAL)
                .withEventHistory(1_000));
        for (int i = 0; i < guests; i++) {
            host.toolstack().create(Caller.DOM0, DomainSpec.pv("g" + i, 262144).withStaticMaxKiB(524288)
                    .withKernel(TMEM));
        }
        return host;
    }

    private static List<String> record(EmulatedHost host) {
        List<String> seen = new ArrayList<>();
        host.events().subscribe(host.events().lastSeq(), e -> seen.add(describe(e)));
        return seen;
    }

    private static String describe(EventEnvelope e) {
        return e.seq() + " " + e.jiffies() + " " + e.uptimeNanos() + " " + e.data();
    }

    @Test
    void anAdvanceInSlicesGivesExactlyTheEventsOfOneAdvanceInOnePiece() {
        EmulatedHost sliced = hostWithTmemGuests(3);
        EmulatedHost whole = hostWithTmemGuests(3);
        List<String> slicedEvents = record(sliced);
        List<String> wholeEvents = record(whole);
        // an odd length that ends between two ticks, twice, and then in jiffies
        sliced.clock().advanceSeconds(Caller.DOM0, new BigDecimal("7261.3333"));
        whole.scheduler().advanceNanos(7_261_333_300_000L);
        sliced.clock().advanceSeconds(Caller.DOM0, new BigDecimal("3600.0001"));
        whole.scheduler().advanceNanos(3_600_000_100_000L);
        sliced.clock().advanceJiffies(Caller.DOM0, 250 * 1800 + 7);
        whole.scheduler().advance(250 * 1800 + 7);

        assertThat(slicedEvents).hasSizeGreaterThan(1000);
        assertThat(slicedEvents).containsExactlyElementsOf(wholeEvents);
        assertThat(sliced.virtualClock().nanos()).isEqualTo(whole.virtualClock().nanos());
        assertThat(sliced.toolstack().host(Caller.DOM0)).isEqualTo(whole.toolstack().host(Caller.DOM0));
    }

    @Test
    void aRequestWaitingForTheEngineLockIsServedBetweenSlicesOfALongAdvance() throws Exception {
        EmulatedHost host = hostWithTmemGuests(2);
        long start = host.virtualClock().jiffies();
        long days = 10;
        CompletableFuture<Void> advance = CompletableFuture.runAsync(
                () -> host.clock().advanceSeconds(Caller.DOM0, BigDecimal.valueOf(days * 86_400)));
        // wait until the advance is under way, then ask for the host's view, which takes the engine lock
        while (host.virtualClock().jiffies() == start && !advance.isDone()) {
            Thread.yield();
        }
        CompletableFuture<Long> seenAt = CompletableFuture.supplyAsync(() -> {
            host.toolstack().host(Caller.DOM0);
            return host.scheduler().locked(() -> host.virtualClock().jiffies());
        });
        long served = seenAt.get(60, TimeUnit.SECONDS);
        boolean advanceStillRunning = !advance.isDone();
        advance.get(10, TimeUnit.MINUTES);
        long end = host.virtualClock().jiffies();
        assertThat(advanceStillRunning).as("the view was served while the advance ran").isTrue();
        assertThat(served).as("at a slice's end, between the advance's start and end").isGreaterThan(start)
                .isLessThan(end);
    }

    @Test
    void aRequestBetweenSlicesSeesAWholeJiffyAndTakesEffectThere() throws Exception {
        EmulatedHost host = hostWithTmemGuests(2);
        long start = host.virtualClock().jiffies();
        CompletableFuture<Void> advance = CompletableFuture.runAsync(
                () -> host.clock().advanceSeconds(Caller.DOM0, BigDecimal.valueOf(5L * 86_400)));
        while (host.virtualClock().jiffies() == start && !advance.isDone()) {
            Thread.yield();
        }
        // a mem-set between slices: the clock it sees is at a jiffy's first nanosecond (a slice's end)
        long[] at = host.scheduler().locked(() -> {
            host.toolstack().setTarget(Caller.DOM0, 1, 131072);
            return new long[] {host.virtualClock().nanos(), host.virtualClock().jiffies()};
        });
        advance.get(10, TimeUnit.MINUTES);
        assertThat(at[0]).isEqualTo(host.virtualClock().jiffyStartNanos(at[1]));
        assertThat(host.toolstack().view(Caller.DOM0, 1).targetKiB()).isLessThan(262144);
    }

    @Test
    void anAdvanceInRealtimeModeIsStillEbusyAndMovesNothing() {
        EmulatedHost host = EmulatedHost.create(HostSettings.defaults().withClockMode(ClockMode.REALTIME));
        assertThatThrownBy(() -> host.clock().advanceSeconds(Caller.DOM0, BigDecimal.ONE))
                .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBUSY));
        assertThatThrownBy(() -> host.clock().advanceJiffies(Caller.DOM0, 1))
                .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBUSY));
    }
}
