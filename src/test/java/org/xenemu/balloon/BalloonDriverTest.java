package org.xenemu.balloon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.xenemu.host.AllocationPolicy;
import org.xenemu.toolstack.Domain;
import org.xenemu.toolstack.DomainSpec;
import org.xenemu.toolstack.DomainType;
import org.xenemu.host.Host;
import org.xenemu.toolstack.MemoryFixture;
import org.xenemu.xenstore.WatchSink;
import org.xenemu.xenstore.XsConnection;

/** The seed's story (000 "balloon: try harder to balloon up under memory pressure") and the driver's rules. */
class BalloonDriverTest {
    static final long MIB = 1024;

    MemoryFixture f = MemoryFixture.small();

    @AfterEach
    void conserved() {
        f.host.verifyConservation();
        for (Domain d : f.registry.all()) {
            assertThat(d.ownedPages()).isLessThanOrEqualTo(d.maxPages());
            assertThat(d.ownedPages()).isEqualTo(d.kernel().currentPages());
        }
    }

    Domain create(String name, long memKiB, long maxKiB) {
        Domain d = f.create(DomainSpec.pv(name, memKiB).withStaticMaxKiB(maxKiB)).domain();
        f.advanceJiffies(1); // the initial watch event
        return d;
    }

    @Nested
    class TryHarder {
        @Test
        void growingGuestKeepsPartialGrantsBacksOffAndReachesTargetOnceOthersFreeMemory() {
            Domain donor = create("donor", 512 * MIB, 512 * MIB);
            Domain grower = create("grower", 64 * MIB, 256 * MIB);
            // the host is short: all but 1000 free pages are held by others
            f.host.setPressure(f.host.freePages() - 1000, OptionalInt.empty());
            f.clearEvents();

            f.setTarget(grower.domid(), 256 * MIB);
            f.advanceJiffies(1);
            BalloonDriver b = grower.balloon();
            assertThat(b.currentPages()).isEqualTo(16384 + 1000);
            assertThat(b.state()).isEqualTo(BalloonState.EAGAIN);
            assertThat(b.targetKiB()).isEqualTo(256 * MIB);

            // retry forever with delays doubling up to 32 s; the target is never rewritten
            f.advanceSeconds(200);
            List<Long> delays = f.events(BalloonBackedOff.class).stream().map(BalloonBackedOff::delaySeconds).toList();
            assertThat(delays).startsWith(2L, 4L, 8L, 16L, 32L, 32L);
            assertThat(b.scheduleDelaySeconds()).isEqualTo(32);
            assertThat(b.targetKiB()).isEqualTo(256 * MIB);
            assertThat(f.events(BalloonCancelled.class)).isEmpty();

            // another domain balloons down: the host has memory again
            f.host.setPressure(0, OptionalInt.empty());
            f.setTarget(donor.domid(), 128 * MIB);
            f.advanceSeconds(32);
            assertThat(donor.balloon().currentPages()).isEqualTo(32768);
            assertThat(b.currentPages()).isEqualTo(65536);
            assertThat(b.state()).isEqualTo(BalloonState.DONE);
            assertThat(b.scheduleDelaySeconds()).isEqualTo(1);
            assertThat(b.retryCount()).isEqualTo(1);
            assertThat(f.read("/local/domain/" + grower.domid() + "/memory/target")).isEqualTo("262144");
        }

        @Test
        void retriesRunExactlyWhenTheirDelayEndsAndANewTargetWakesTheDriverMidBackOff() {
            Domain grower = create("grower", 64 * MIB, 256 * MIB);
            f.host.setPressure(f.host.freePages(), OptionalInt.empty());
            f.clearEvents();
            f.setTarget(grower.domid(), 128 * MIB);
            f.advanceJiffies(1);
            BalloonDriver b = grower.balloon();
            assertThat(f.events(BalloonBackedOff.class)).extracting(BalloonBackedOff::delaySeconds).containsExactly(2L);
            long retryAt = b.nextStepJiffy();
            // 2 s at 250 Hz; nothing happens one jiffy before
            f.advanceJiffies(retryAt - 1 - f.clock.jiffies());
            assertThat(f.events(BalloonBackedOff.class)).hasSize(1);
            f.advanceJiffies(1);
            assertThat(f.events(BalloonBackedOff.class)).extracting(BalloonBackedOff::delaySeconds).containsExactly(2L, 4L);
            long nextRetryAt = b.nextStepJiffy();
            assertThat(nextRetryAt - retryAt).isEqualTo(4 * 250);

            // two seconds into the 4 s back-off, memory frees up and the toolstack sets a new target
            f.advanceJiffies(2 * 250);
            f.host.setPressure(0, OptionalInt.empty());
            f.setTarget(grower.domid(), 96 * MIB);
            f.advanceJiffies(1);
            assertThat(b.currentPages()).isEqualTo(96 * 256);
            assertThat(b.state()).isEqualTo(BalloonState.DONE);
            assertThat(b.nextStepJiffy()).isEqualTo(-1);
            assertThat(f.clock.jiffies()).isLessThan(nextRetryAt);
        }

        @Test
        void withMaxRetryCount4TheFourthFailureCancelsAndANewTargetWakesIt() {
            Domain grower = create("grower", 64 * MIB, 256 * MIB);
            grower.balloon().setMaxRetryCount(4);
            f.host.setPressure(f.host.freePages(), OptionalInt.empty());
            f.clearEvents();
            f.setTarget(grower.domid(), 128 * MIB);
            f.advanceSeconds(100);
            BalloonDriver b = grower.balloon();
            assertThat(f.events(BalloonBackedOff.class)).extracting(BalloonBackedOff::delaySeconds)
                    .containsExactly(2L, 4L, 8L);
            assertThat(f.events(BalloonCancelled.class)).extracting(BalloonCancelled::reason)
                    .containsExactly("retries-exhausted");
            assertThat(b.state()).isEqualTo(BalloonState.ECANCELED);
            assertThat(b.retryCount()).isEqualTo(1);
            assertThat(b.scheduleDelaySeconds()).isEqualTo(1);
            assertThat(b.nextStepJiffy()).isEqualTo(-1);
            assertThat(b.targetKiB()).isEqualTo(128 * MIB);

            f.host.setPressure(0, OptionalInt.empty());
            f.setTarget(grower.domid(), 128 * MIB);
            f.advanceJiffies(1);
            assertThat(b.currentPages()).isEqualTo(32768);
            assertThat(b.state()).isEqualTo(BalloonState.DONE);
        }
    }

    @Nested
    class Steps {
        @Test
        void stepsAreAtMost512PagesAndRunBackToBackInOneTick() {
            Domain g = create("g", 64 * MIB, 256 * MIB);
            f.clearEvents();
            f.setTarget(g.domid(), 66 * MIB);
            long before = f.clock.jiffies();
            f.advanceJiffies(1);
            assertThat(f.events(BalloonStepped.class)).extracting(BalloonStepped::pages).containsExactly(512L);
            f.setTarget(g.domid(), 256 * MIB);
            f.advanceJiffies(1);
            assertThat(g.balloon().currentPages()).isEqualTo(65536);
            assertThat(f.events(BalloonStepped.class)).hasSize(1 + (65536 - 16896) / 512);
            assertThat(f.clock.jiffies()).isEqualTo(before + 2);
        }

        @Test
        void aTargetAboveWhatTheBalloonHoldsIsRewrittenToCurrentAndCancelled() {
            Domain g = create("g", 64 * MIB, 64 * MIB);
            g.balloon().setTarget(20000, TargetSource.SYSFS);
            f.advanceJiffies(1);
            assertThat(g.balloon().state()).isEqualTo(BalloonState.ECANCELED);
            assertThat(g.balloon().targetPages()).isEqualTo(16384);
            assertThat(f.events(BalloonCancelled.class)).extracting(BalloonCancelled::reason).containsExactly("balloon-empty");
        }

        @Test
        void aWakeUpWithNothingToDoEndsACancelledStateAsDone() {
            Domain g = create("g", 64 * MIB, 64 * MIB);
            g.balloon().setTarget(20000, TargetSource.SYSFS);
            f.advanceJiffies(1);
            assertThat(g.balloon().state()).isEqualTo(BalloonState.ECANCELED);
            g.balloon().setTarget(16384, TargetSource.SYSFS);
            f.advanceJiffies(1);
            assertThat(g.balloon().state()).isEqualTo(BalloonState.DONE);
            assertThat(g.balloon().currentPages()).isEqualTo(16384);
        }

        @Test
        void aWakeUpThatWouldFindNothingToDoIsNotQueued() {
            Domain g = create("g", 64 * MIB, 256 * MIB);
            BalloonDriver b = g.balloon();
            assertThat(b.state()).isEqualTo(BalloonState.DONE);
            int pending = f.scheduler.pendingTasks();
            long runs = f.scheduler.taskRuns();
            long steps = b.steps();
            f.clearEvents();

            b.setTarget(b.currentPages(), TargetSource.SYSFS);
            assertThat(f.scheduler.pendingTasks()).isEqualTo(pending);
            f.advanceJiffies(1);
            assertThat(f.scheduler.taskRuns()).isEqualTo(runs);
            assertThat(b.steps()).isEqualTo(steps);
            assertThat(b.state()).isEqualTo(BalloonState.DONE);
            assertThat(f.events(BalloonStepped.class)).isEmpty();

            // a target it must move to still wakes it at once
            b.setTarget(b.currentPages() + 512, TargetSource.SYSFS);
            assertThat(f.scheduler.pendingTasks()).isEqualTo(pending + 1);
            f.advanceJiffies(1);
            assertThat(f.events(BalloonStepped.class)).extracting(BalloonStepped::pages).containsExactly(512L);
        }

        @Test
        void aFaultyOrBackingOffDriverIsWokenEvenForItsOwnSize() {
            Domain g = create("g", 64 * MIB, 256 * MIB);
            BalloonDriver b = g.balloon();
            b.setFault(new BalloonFault(BalloonFault.Mode.NONE, java.util.OptionalLong.empty(),
                    java.util.OptionalLong.of(4096), java.util.OptionalLong.empty(), java.util.OptionalLong.empty()));
            f.advanceJiffies(1);
            int pending = f.scheduler.pendingTasks();
            b.setTarget(b.currentPages(), TargetSource.SYSFS);
            assertThat(f.scheduler.pendingTasks()).isEqualTo(pending + 1);
        }

        @Test
        void ballooningDownIsCappedByMemAvailableAndBacksOff() {
            Domain g = create("g", 64 * MIB, 64 * MIB);
            long avail = g.kernel().memAvailablePages();
            g.kernel().setFilePages(100);
            g.balloon().setTarget(0, TargetSource.SYSFS);
            f.advanceJiffies(1);
            assertThat(g.kernel().memAvailablePages()).isZero();
            assertThat(g.balloon().currentPages()).isEqualTo(16384 - avail);
            assertThat(g.kernel().filePages()).isEqualTo(100); // free pages go first
            assertThat(g.balloon().state()).isEqualTo(BalloonState.EAGAIN);
            assertThat(g.balloon().balloonLowPages()).isEqualTo(avail);
        }

        @Test
        void ballooningDownTakesPageCacheOnceFreePagesAreGone() {
            Domain g = create("g", 64 * MIB, 64 * MIB);
            g.kernel().setTotalreservePages(0);
            long free = g.kernel().freePages();
            g.kernel().setFilePages(free - 10);
            g.balloon().setTarget(16384 - 100, TargetSource.SYSFS);
            f.advanceJiffies(1);
            assertThat(g.kernel().filePages()).isEqualTo(free - 100);
            assertThat(g.kernel().freePages()).isZero();
            assertThat(g.balloon().state()).isEqualTo(BalloonState.DONE);
        }

        @Test
        void garbageInXenstoreIsIgnored() {
            Domain g = create("g", 64 * MIB, 256 * MIB);
            f.dom0Xs.write(0, "/local/domain/1/memory/target", "lots".getBytes(StandardCharsets.US_ASCII));
            f.advanceJiffies(1);
            assertThat(g.balloon().targetKiB()).isEqualTo(64 * MIB);
            f.dom0Xs.write(0, "/local/domain/1/memory/target", " 70000xyz".getBytes(StandardCharsets.US_ASCII));
            f.advanceJiffies(1);
            assertThat(g.balloon().targetKiB()).isEqualTo(70000);
            assertThat(f.events(TargetChanged.class)).last().extracting(TargetChanged::source).isEqualTo("xenstore");
        }

        @Test
        void hvmSubtractsStaticMaxLessMaxPfnOnXenstoreEventsOnly() {
            Domain h = f.create(DomainSpec.pv("h", 128 * MIB).withStaticMaxKiB(256 * MIB)
                    .withType(DomainType.HVM, 8 * MIB)).domain();
            // RAM (max_pfn) = static-max − videoram = 248 MiB; owned at boot = memory − videoram = 120 MiB
            assertThat(h.kernel().maxPfn()).isEqualTo(248 * 256);
            assertThat(h.balloon().currentPages()).isEqualTo(120 * 256);
            f.advanceJiffies(1);
            // offset = static-max − max_pfn = the video memory; the boot target 120 MiB lands at 112 MiB
            assertThat(h.balloon().targetDiffPages()).isEqualTo(8 * 256);
            assertThat(h.balloon().targetPages()).isEqualTo(112 * 256);
            assertThat(h.balloon().currentPages()).isEqualTo(112 * 256);
            assertThat(h.balloon().state()).isEqualTo(BalloonState.DONE);
            assertThat(f.host.ownedPages(h.domid())).isEqualTo(112 * 256);

            // mem-set to the booted memory keeps the guest where it settled
            f.setTarget(h.domid(), 128 * MIB);
            f.advanceJiffies(1);
            assertThat(h.balloon().currentPages()).isEqualTo(112 * 256);
            // mem-set static-max: what libxl writes (248 MiB) less the offset
            f.setTarget(h.domid(), 256 * MIB);
            f.advanceJiffies(1);
            assertThat(h.balloon().currentPages()).isEqualTo(240 * 256);
            // static-max + videoram is the N that brings the guest to its whole RAM
            f.setTarget(h.domid(), 264 * MIB);
            f.advanceJiffies(1);
            assertThat(h.balloon().currentPages()).isEqualTo(h.kernel().maxPfn());
            assertThat(h.balloon().balloonLowPages()).isZero();
            assertThat(h.balloon().state()).isEqualTo(BalloonState.DONE);
            assertThat(f.read("/local/domain/" + h.domid() + "/memory/target")).isEqualTo(Long.toString(256 * MIB));

            // sysfs writes skip the offset
            h.balloon().setTarget(40000, TargetSource.SYSFS);
            assertThat(h.balloon().targetPages()).isEqualTo(40000);
            f.advanceJiffies(1);
            assertThat(h.balloon().currentPages()).isEqualTo(40000);
        }

        @Test
        void hvmXenstoreTargetBelowTheOffsetWrapsAndGrowsTheGuestToItsMaximumAsLinuxDoes() {
            Domain h = f.create(DomainSpec.pv("h", 128 * MIB).withStaticMaxKiB(256 * MIB)
                    .withType(DomainType.HVM, 8 * MIB)).domain();
            f.advanceJiffies(1);
            // mem-set 12 MiB writes 4 MiB = 1024 pages, below the 2048-page offset
            f.setTarget(h.domid(), 12 * MIB);
            f.advanceJiffies(1);
            assertThat(h.balloon().currentPages()).isEqualTo(h.kernel().maxPfn());
            assertThat(h.balloon().state()).isEqualTo(BalloonState.ECANCELED);
        }

        @Test
        void theDriverIsARealWatcherAndStopsWithTheDomain() {
            Domain g = create("g", 64 * MIB, 256 * MIB);
            f.destroy(g.domid());
            XsConnection c = f.xenstore.connect(0, true, WatchSink.DISCARD);
            assertThat(f.xenstore.introducedDomains()).doesNotContain(g.domid());
            assertThat(g.balloon().nextStepJiffy()).isEqualTo(-1);
            c.close();
        }
    }

    @Nested
    class RealWatch {
        @Test
        void aTargetTheGuestMayNotReadIsIgnored() {
            Domain g = create("g", 64 * MIB, 256 * MIB);
            String path = "/local/domain/" + g.domid() + "/memory/target";
            f.dom0Xs.setPerms(0, path, List.of("n0"));
            f.dom0Xs.write(0, path, Long.toString(128 * MIB).getBytes(StandardCharsets.US_ASCII));
            f.advanceJiffies(1);
            assertThat(g.balloon().targetKiB()).isEqualTo(64 * MIB);
            assertThat(g.balloon().currentPages()).isEqualTo(16384);
            // readable again: the next write gets through
            f.dom0Xs.setPerms(0, path, List.of("n0", "r" + g.domid()));
            f.dom0Xs.write(0, path, Long.toString(96 * MIB).getBytes(StandardCharsets.US_ASCII));
            f.advanceJiffies(1);
            assertThat(g.balloon().currentPages()).isEqualTo(96 * 256);
        }
    }

    @Nested
    class Events {
        @Test
        void domainLifeAndEachStepsNodeSplitArePublished() {
            f.clearEvents();
            Domain g = f.create(DomainSpec.pv("ev", 64 * MIB).withStaticMaxKiB(128 * MIB).withHomeNode(1))
                    .domain();
            assertThat(f.events(org.xenemu.toolstack.DomainCreated.class)).singleElement().satisfies(e -> {
                assertThat(e.domid()).isEqualTo(g.domid());
                assertThat(e.name()).isEqualTo("ev");
                assertThat(e.homeNode()).isEqualTo(1);
                assertThat(e.memoryKiB()).isEqualTo(64 * MIB);
                assertThat(e.staticMaxKiB()).isEqualTo(128 * MIB);
            });
            f.setTarget(g.domid(), 66 * MIB);
            f.advanceJiffies(1);
            // 512 pages from the home node, then the last 0 (2 MiB = 512 pages: one batch)
            assertThat(f.events(BalloonStepped.class)).singleElement().satisfies(e -> {
                assertThat(e.pages()).isEqualTo(512);
                assertThat(e.pagesPerNode()).containsExactly(0L, 512L);
                assertThat(e.state()).isEqualTo("DONE");
            });
            f.destroy(g.domid());
            assertThat(f.events(org.xenemu.toolstack.DomainDestroyed.class)).singleElement().satisfies(e -> {
                assertThat(e.domid()).isEqualTo(g.domid());
                assertThat(e.returnedKiB()).isEqualTo(66 * MIB);
            });
        }
    }

    @Nested
    class Numa {
        @Test
        void growingIsNearestFirstAndShrinkingReturnsRemotePagesFirst() {
            Domain g = f.create(DomainSpec.pv("g", 64 * MIB).withStaticMaxKiB(512 * MIB).withHomeNode(0)).domain();
            f.advanceJiffies(1);
            long node0Free = f.host.freePages(0);
            g.balloon().setTarget(16384 + node0Free + 1000, TargetSource.SYSFS);
            f.advanceJiffies(1);
            assertThat(f.host.freePages(0)).isZero();
            assertThat(g.pagesPerNode()[1]).isEqualTo(1000);
            g.balloon().setTarget(16384 + node0Free, TargetSource.SYSFS);
            f.advanceJiffies(1);
            assertThat(g.pagesPerNode()[1]).isZero();
            assertThat(f.host.freePages(0)).isZero();
        }

        @Test
        void roundRobinSpreadsGrowthAcrossNodes() {
            f = new MemoryFixture(262144, 2, 0, AllocationPolicy.ROUND_ROBIN, 131072, 0);
            Domain g = create("g", 64 * MIB, 128 * MIB);
            long[] before = g.pagesPerNode();
            g.balloon().setTarget(16384 + 1000, TargetSource.SYSFS);
            f.advanceJiffies(1);
            long[] after = g.pagesPerNode();
            assertThat(after[0] - before[0]).isEqualTo(500);
            assertThat(after[1] - before[1]).isEqualTo(500);
        }
    }
}
