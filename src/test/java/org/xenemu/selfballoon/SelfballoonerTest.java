package org.xenemu.selfballoon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.xenemu.clock.ClockMode;
import org.xenemu.clock.Scheduler;
import org.xenemu.clock.VirtualClock;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.events.EventBus;
import org.xenemu.events.EventEnvelope;
import org.xenemu.events.XenEvent;

/** The per-domain driver on a manual clock (HZ 250): start rules, worker timing, convergence. */
class SelfballoonerTest {
    private final VirtualClock clock = new VirtualClock(250, ClockMode.MANUAL, 1.0, () -> 0L);
    private final Scheduler scheduler = new Scheduler(clock);
    private final EventBus events = new EventBus(clock, 100_000);
    private final FakeGuest guest = FakeGuest.oneGib(1);

    private Selfballooner driver(SelfballoonOptions options) {
        return new Selfballooner(guest, scheduler, events, options);
    }

    private Selfballooner started() {
        Selfballooner d = driver(SelfballoonOptions.DEFAULTS);
        assertThat(d.start()).isTrue();
        return d;
    }

    private void seconds(long s) {
        scheduler.advance(clock.secondsToJiffies(s));
    }

    private <T extends XenEvent> List<T> published(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (EventEnvelope e : events.page(0, 100_000).events()) {
            if (type.isInstance(e.data())) {
                out.add(type.cast(e.data()));
            }
        }
        return out;
    }

    @Nested
    class Start {
        @Test
        void startTurnsBothSwitchesOnAndReservesTenPercentOfTotalram() {
            Selfballooner d = started();
            // totalram 256000 / 10 = 25600 pages → PAGES2MB = 25600 >> 8 = 100
            assertThat(d.show(Tunable.SELFBALLOONING)).isEqualTo("1\n");
            assertThat(d.show(Tunable.FRONTSWAP_SELFSHRINKING)).isEqualTo("1\n");
            assertThat(d.show(Tunable.SELFBALLOON_RESERVED_MB)).isEqualTo("100\n");
            assertThat(d.nextRunJiffy()).hasValue(5 * 250);
        }

        @Test
        void dom0NeverStartsButKeepsItsFiles() {
            guest.dom0 = true;
            Selfballooner d = driver(SelfballoonOptions.DEFAULTS);
            assertThat(d.start()).isFalse();
            assertThat(d.show(Tunable.SELFBALLOONING)).isEqualTo("0\n");
            assertThat(d.show(Tunable.SELFBALLOON_RESERVED_MB)).isEqualTo("0\n");
            assertThat(d.workerPending()).isFalse();
        }

        @Test
        void withoutTmemNothingStarts() {
            guest.tmem = false;
            Selfballooner d = driver(SelfballoonOptions.DEFAULTS);
            assertThat(d.start()).isFalse();
            assertThat(d.show(Tunable.FRONTSWAP_SELFSHRINKING)).isEqualTo("0\n");
            assertThat(d.workerPending()).isFalse();
        }

        @Test
        void bootParametersCanTurnEitherEngineOff() {
            Selfballooner d = driver(new SelfballoonOptions(false, true, false));
            assertThat(d.start()).isTrue();
            assertThat(d.show(Tunable.SELFBALLOONING)).isEqualTo("0\n");
            Selfballooner none = new Selfballooner(FakeGuest.oneGib(2), scheduler, events,
                    new SelfballoonOptions(false, false, false));
            assertThat(none.start()).isFalse();
            assertThat(none.show(Tunable.SELFBALLOON_RESERVED_MB)).as("init returns before the reserve").isEqualTo("0\n");
        }
    }

    @Nested
    class Worker {
        @Test
        void runsEveryIntervalAndSetsTheBalloonTarget() {
            Selfballooner d = started();
            seconds(4);
            assertThat(guest.targetsSet).isZero();
            seconds(1);
            assertThat(guest.targetsSet).isEqualTo(1);
            seconds(50);
            assertThat(guest.targetsSet).isEqualTo(11);
            assertThat(d.runs()).isEqualTo(11);
        }

        @Test
        void aNewIntervalAppliesFromTheNextReArm() {
            Selfballooner d = started();
            d.store(Tunable.SELFBALLOON_INTERVAL, "10", true);
            seconds(5); // the pending run keeps its time
            assertThat(guest.targetsSet).isEqualTo(1);
            seconds(9);
            assertThat(guest.targetsSet).isEqualTo(1);
            seconds(1);
            assertThat(guest.targetsSet).isEqualTo(2);
        }

        @Test
        void bothSwitchesOffStopTheWorkerAfterItsNextRun() {
            Selfballooner d = started();
            d.store(Tunable.SELFBALLOONING, "0", true);
            d.store(Tunable.FRONTSWAP_SELFSHRINKING, "0", true);
            seconds(5);
            assertThat(d.workerPending()).isFalse();
            assertThat(guest.targetsSet).isZero();
        }

        @Test
        void enablingASwitchArmsTheWorkerAgain() {
            Selfballooner d = started();
            d.store(Tunable.SELFBALLOONING, "0", true);
            d.store(Tunable.FRONTSWAP_SELFSHRINKING, "0", true);
            seconds(5);
            d.store(Tunable.SELFBALLOONING, "1", true);
            assertThat(d.nextRunJiffy()).hasValue(clock.jiffies() + 5 * 250);
            seconds(5);
            assertThat(guest.targetsSet).isEqualTo(1);
        }

        @Test
        void enablingWhilePendingDoesNotMoveTheRun() {
            Selfballooner d = started();
            seconds(3);
            d.store(Tunable.FRONTSWAP_SELFSHRINKING, "0", true);
            d.store(Tunable.FRONTSWAP_SELFSHRINKING, "1", true); // selfballooning on: no schedule
            d.store(Tunable.SELFBALLOONING, "0", true);
            d.store(Tunable.SELFBALLOONING, "1", true); // pending: schedule_delayed_work is a no-op
            assertThat(d.nextRunJiffy()).hasValue(5 * 250);
        }

        @Test
        void selfshrinkingAloneKeepsTheWorkerAliveWithoutTouchingTheBalloon() {
            Selfballooner d = started();
            d.store(Tunable.SELFBALLOONING, "0", true);
            seconds(60);
            assertThat(d.runs()).isEqualTo(12);
            assertThat(guest.targetsSet).isZero();
        }

        @Test
        void intervalOf2Pow32StoresZeroAndRunsEveryJiffy() {
            Selfballooner d = started();
            d.store(Tunable.SELFBALLOON_INTERVAL, "4294967296", true);
            assertThat(d.intervalJiffies()).isEqualTo(1);
            d.store(Tunable.SELFBALLOON_INTERVAL, "17179870", true); // 17179870·250 = 4294967500 → wraps to 204
            assertThat(d.intervalJiffies()).isEqualTo(204);
        }

        @Test
        void aZeroDownhysteresisOopsesTheWorkerUntilASwitchIsTurnedOnAgain() {
            Selfballooner d = started();
            d.store(Tunable.SELFBALLOON_DOWNHYSTERESIS, "4294967296", true);
            seconds(5);
            assertThat(d.oopsed()).isTrue();
            assertThat(d.workerPending()).isFalse();
            assertThat(published(SelfballoonOopsed.class)).hasSize(1);
            d.store(Tunable.SELFBALLOON_DOWNHYSTERESIS, "8", true);
            d.store(Tunable.SELFBALLOONING, "0", true);
            d.store(Tunable.SELFBALLOONING, "1", true);
            seconds(5);
            assertThat(d.oopsed()).isFalse();
            assertThat(guest.targetsSet).isEqualTo(1);
        }

        @Test
        void aFailingBalloonCallIsLoggedAndTheWorkerRunsAgainNextInterval() {
            Selfballooner d = started();
            guest.failTarget = XenException.of(Errno.EACCES, "xenstore refused");
            seconds(5);
            assertThat(d.failures()).isEqualTo(1);
            assertThat(d.oopsed()).isFalse();
            assertThat(d.nextRunJiffy()).hasValue(clock.jiffies() + 5 * 250);
            seconds(5);
            assertThat(guest.targetsSet).isEqualTo(1);
            assertThat(d.runs()).isEqualTo(2);
        }

        @Test
        void aFailingSelfShrinkDoesNotStopTheWorkerEvenWithSelfballooningOff() {
            Selfballooner d = started();
            d.store(Tunable.SELFBALLOONING, "0", true);
            d.store(Tunable.FRONTSWAP_INERTIA, "1", true);
            guest.frontswapPages = 1000;
            guest.failShrink = new IllegalStateException("boom");
            seconds(10); // run 1 sees growth (countdown := 1), run 2 reaches 0 and the shrink throws
            assertThat(d.failures()).isEqualTo(1);
            assertThat(d.workerPending()).isTrue();
            seconds(60);
            assertThat(d.runs()).isEqualTo(14);
            assertThat(guest.frontswapPages).isLessThan(1000);
        }

        @Test
        void stopCancelsTheWorker() {
            Selfballooner d = started();
            d.stop();
            seconds(10);
            assertThat(d.runs()).isZero();
        }
    }

    @Nested
    class Convergence {
        @Test
        void idleGuestDecaysByAnEighthOfTheGapPerIntervalAndStopsAtTheGoal() {
            // Committed_AS 20000: goal = 20000 + 1516 + 100·256 = 47116, above the floor 34212
            guest.committedAsPages = 20_000;
            Selfballooner d = started();
            long cur = guest.totalramPages();
            for (int i = 0; i < 200; i++) {
                seconds(5);
                long expectedTgt = cur - (cur - 47_116) / 8;
                SelfballoonPolicy.Decision decision = d.lastDecision().orElseThrow();
                assertThat(decision.tgtPages()).isEqualTo(Math.max(expectedTgt, 34_212));
                assertThat(guest.totalramPages()).isEqualTo(decision.tgtPages());
                cur = guest.totalramPages();
            }
            // integer steps stop once the gap is below 8 pages
            assertThat(cur - 47_116).isBetween(0L, 7L);
        }

        @Test
        void idleGuestStopsAtTheFloor() {
            // Committed_AS 0 with reserved_mb forced to 1: goal = 1516 + 256 = 1772 < floor 34212
            guest.committedAsPages = 0;
            Selfballooner d = started();
            d.store(Tunable.SELFBALLOON_RESERVED_MB, "1", true);
            seconds(5 * 300);
            assertThat(d.lastDecision().orElseThrow().floorPages()).isEqualTo(34_212);
            assertThat(guest.totalramPages()).isEqualTo(34_212);
            assertThat(guest.currentPages).isEqualTo(34_212 + 6144);
        }

        @Test
        void aWorkloadSpikeIsMetWithinOneInterval() {
            guest.committedAsPages = 20_000;
            Selfballooner d = started();
            seconds(5 * 100);
            long low = guest.totalramPages();
            guest.committedAsPages = 150_000; // goal = 150000 + 1516 + 25600 = 177116
            seconds(5);
            assertThat(low).isLessThan(50_000);
            assertThat(guest.totalramPages()).isEqualTo(177_116);
        }

        @Test
        void theTenPercentReserveKeepsACushionAboveCommitted() {
            guest.committedAsPages = 100_000;
            started();
            seconds(5 * 200);
            // settles within 8 pages above committed + reserve + 10 % of the boot totalram
            assertThat(guest.totalramPages() - (100_000 + 1516 + 25_600)).isBetween(0L, 7L);
            assertThat(guest.totalramPages() - guest.committedAsPages).isGreaterThanOrEqualTo(25_600);
        }
    }

    @Nested
    class Frontswap {
        @Test
        void frontswapPagesComeHomeAfterTheInertiaAndShrinkEveryRunAfter() {
            guest.committedAsPages = 20_000;
            guest.frontswapPages = 1000;
            Selfballooner d = started();
            seconds(5 * 3);
            assertThat(guest.frontswapPages).isEqualTo(1000);
            seconds(5);
            assertThat(guest.frontswapPages).isEqualTo(950); // 1000 − 1000/20
            seconds(5);
            assertThat(guest.frontswapPages).isEqualTo(903); // 950 − 47 (seed: countdown stays 0)
            assertThat(published(FrontswapShrunk.class)).containsExactly(
                    new FrontswapShrunk(1, 1000, 950, 950), new FrontswapShrunk(1, 950, 903, 903));
            assertThat(d.selfshrink().inertiaCounter()).isZero();
        }

        @Test
        void shrinkStopsWhereGuestMemoryRunsOut() {
            guest.frontswapPages = 1000;
            guest.freePages = 30;
            started();
            seconds(5 * 4);
            assertThat(guest.frontswapPages).isEqualTo(970);
            assertThat(published(FrontswapShrunk.class)).containsExactly(new FrontswapShrunk(1, 1000, 950, 970));
        }

        @Test
        void theFinalVersionWaitsTheInertiaBetweenShrinks() {
            guest.frontswapPages = 1000;
            driver(new SelfballoonOptions(true, true, true)).start();
            seconds(5 * 4);
            assertThat(guest.frontswapPages).isEqualTo(950);
            seconds(5 * 2);
            assertThat(guest.frontswapPages).isEqualTo(950);
            seconds(5);
            assertThat(guest.frontswapPages).isEqualTo(903);
        }

        @Test
        void storingInertiaRestartsTheCountdown() {
            guest.frontswapPages = 1000;
            Selfballooner d = started();
            seconds(5 * 2);
            d.store(Tunable.FRONTSWAP_INERTIA, "4", true);
            assertThat(d.selfshrink().inertiaCounter()).isEqualTo(4);
        }
    }

    @Nested
    class Patch {
        @Test
        void allOrNothing() {
            Selfballooner d = started();
            Map<Tunable, String> texts = new LinkedHashMap<>();
            texts.put(Tunable.SELFBALLOON_INTERVAL, "10");
            texts.put(Tunable.SELFBALLOON_DOWNHYSTERESIS, "0");
            assertThatThrownBy(() -> d.patch(texts, true))
                    .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
            assertThat(d.show(Tunable.SELFBALLOON_INTERVAL)).isEqualTo("5\n");
        }

        @Test
        void unprivilegedIsEperm() {
            Selfballooner d = started();
            assertThatThrownBy(() -> d.patch(Map.of(Tunable.SELFBALLOON_INTERVAL, "10"), false))
                    .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EPERM));
        }

        @Test
        void aSwitchTurnedOnWithANewIntervalArmsWithTheNewInterval() {
            Selfballooner d = started();
            d.store(Tunable.SELFBALLOONING, "0", true);
            d.store(Tunable.FRONTSWAP_SELFSHRINKING, "0", true);
            seconds(5);
            Map<Tunable, String> texts = new LinkedHashMap<>();
            texts.put(Tunable.SELFBALLOONING, "1");
            texts.put(Tunable.SELFBALLOON_INTERVAL, "2");
            d.patch(texts, true);
            assertThat(d.nextRunJiffy()).hasValue(clock.jiffies() + 2 * 250);
        }
    }
}
