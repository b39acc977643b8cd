package org.xenemu.guest.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xenemu.guest.workload.MappingKind.ANONYMOUS;
import static org.xenemu.guest.workload.MappingKind.FILE;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.xenemu.events.XenEvent;
import org.xenemu.guest.workload.WorkloadViews.MmapRequest;
import org.xenemu.guest.workload.WorkloadViews.TouchReport;

/** Touching memory: fault-in, reclaim order (cache, then swap), frontswap rules, OOM victim choice. */
class ReclaimerTest {
    final List<XenEvent> events = new ArrayList<>();

    /** totalram 1000, slab 0, mode 1 so admission never interferes. */
    Workload workload(SimpleGuestMemory mem) {
        return new Workload(1, mem, new Overcommit(1, 50, 0, 0, 0), false, events::add);
    }

    static MmapRequest anon(long pages) {
        return new MmapRequest(ANONYMOUS, false, true, pages * 4, false, false);
    }

    static MmapRequest file(long pages) {
        return new MmapRequest(FILE, false, false, pages * 4, false, false);
    }

    @Nested
    class FaultIn {
        @Test
        void touchingAnonymousPagesMakesThemResident() {
            SimpleGuestMemory mem = new SimpleGuestMemory(1000, 0, 0, false, 0);
            Workload w = workload(mem);
            int pid = w.createProcess("a");
            long id = w.mmap(pid, anon(100), false).id();
            TouchReport r = w.touch(pid, id, 40 * 4);
            assertThat(r.faultedKiB()).isEqualTo(160);
            assertThat(mem.anonPages()).isEqualTo(40);
            assertThat(w.touch(pid, id, 40 * 4).faultedKiB()).isZero(); // already resident
            assertThat(w.touch(pid, id, 1000 * 4).residentKiB()).isEqualTo(400); // capped at the mapping size
        }

        @Test
        void touchingFilePagesPutsThemInThePageCache() {
            SimpleGuestMemory mem = new SimpleGuestMemory(1000, 0, 0, false, 0);
            Workload w = workload(mem);
            int pid = w.createProcess("a");
            long id = w.mmap(pid, file(100), false).id();
            w.touch(pid, id, 400);
            assertThat(mem.filePages()).isEqualTo(100);
            assertThat(mem.anonPages()).isZero();
            w.munmap(pid, id);
            assertThat(mem.filePages()).as("page cache outlives munmap").isEqualTo(100);
            assertThat(w.unmappedCachePages()).isEqualTo(100);
        }
    }

    @Nested
    class ReclaimOrder {
        @Test
        void pageCacheIsDroppedBeforeAnythingIsSwapped() {
            SimpleGuestMemory mem = new SimpleGuestMemory(1000, 0, 1000, false, 0);
            Workload w = workload(mem);
            int pid = w.createProcess("a");
            long f = w.mmap(pid, file(300), false).id();
            w.touch(pid, f, 300 * 4);
            long a = w.mmap(pid, anon(600), false).id();
            w.touch(pid, a, 600 * 4);
            long b = w.mmap(pid, anon(200), false).id();
            TouchReport r = w.touch(pid, b, 200 * 4);
            assertThat(r.reclaimedCacheKiB()).isEqualTo(100 * 4);
            assertThat(r.swappedOutDeviceKiB()).isZero();
            assertThat(mem.freePages()).isZero();
            assertThat(events).hasAtLeastOneElementOfType(GuestEvents.Reclaimed.class);
        }

        @Test
        void whenCacheIsGoneTheLeastRecentlyTouchedAnonymousPagesGoToTheSwapDevice() {
            SimpleGuestMemory mem = new SimpleGuestMemory(1000, 0, 1000, false, 0);
            Workload w = workload(mem);
            int pid = w.createProcess("a");
            long old = w.mmap(pid, anon(500), false).id();
            w.touch(pid, old, 500 * 4);
            long recent = w.mmap(pid, anon(500), false).id();
            w.touch(pid, recent, 500 * 4);
            long fresh = w.mmap(pid, anon(100), false).id();
            TouchReport r = w.touch(pid, fresh, 100 * 4);
            assertThat(r.swappedOutDeviceKiB()).isEqualTo(400);
            assertThat(w.process(pid).mappings().get(0).swappedKiB()).isEqualTo(400);
            assertThat(w.process(pid).mappings().get(1).swappedKiB()).isZero();
            assertThat(mem.deviceSwapPages()).isEqualTo(100);
        }

        @Test
        void touchingSwappedPagesBringsThemBackAndFreesTheSlots() {
            SimpleGuestMemory mem = new SimpleGuestMemory(1000, 0, 1000, false, 0);
            Workload w = workload(mem);
            int pid = w.createProcess("a");
            long a = w.mmap(pid, anon(1000), false).id();
            w.touch(pid, a, 1000 * 4);
            long b = w.mmap(pid, anon(100), false).id();
            w.touch(pid, b, 100 * 4);
            w.munmap(pid, b);
            TouchReport r = w.touch(pid, a, 1000 * 4);
            assertThat(r.swappedInKiB()).isEqualTo(400);
            assertThat(mem.deviceSwapPages()).isZero();
            assertThat(mem.anonPages()).isEqualTo(1000);
        }
    }

    @Nested
    class Frontswap {
        private TouchReport squeeze(SimpleGuestMemory mem) {
            Workload w = workload(mem);
            int pid = w.createProcess("a");
            long a = w.mmap(pid, anon(1000), false).id();
            w.touch(pid, a, 1000 * 4);
            long b = w.mmap(pid, anon(100), false).id();
            return w.touch(pid, b, 100 * 4);
        }

        @Test
        void withTmemAndHostFreePagesSwappedPagesGoToTheHost() {
            SimpleGuestMemory mem = new SimpleGuestMemory(1000, 0, 1000, true, 5000);
            TouchReport r = squeeze(mem);
            assertThat(r.swappedOutFrontswapKiB()).isEqualTo(400);
            assertThat(r.swappedOutDeviceKiB()).isZero();
            assertThat(mem.hostFreePages()).isEqualTo(4900);
            assertThat(mem.frontswapPages()).isEqualTo(100);
        }

        @Test
        void withTmemButAShortHostTheRestGoesToTheDevice() {
            SimpleGuestMemory mem = new SimpleGuestMemory(1000, 0, 1000, true, 30);
            TouchReport r = squeeze(mem);
            assertThat(r.swappedOutFrontswapKiB()).isEqualTo(120);
            assertThat(r.swappedOutDeviceKiB()).isEqualTo(280);
            assertThat(mem.hostFreePages()).isZero();
        }

        @Test
        void withoutTmemTheHostIsNeverAsked() {
            SimpleGuestMemory mem = new SimpleGuestMemory(1000, 0, 1000, false, 5000);
            TouchReport r = squeeze(mem);
            assertThat(r.swappedOutFrontswapKiB()).isZero();
            assertThat(mem.hostFreePages()).isEqualTo(5000);
        }

        @Test
        void frontswapNeedsASwapSlotAsInLinux() {
            SimpleGuestMemory mem = new SimpleGuestMemory(1000, 0, 0, true, 5000);
            TouchReport r = squeeze(mem);
            assertThat(r.swappedOutFrontswapKiB()).isZero();
            assertThat(r.oomKills()).isNotEmpty();
        }

        @Test
        void frontswapShrinkBringsPagesBackWhileFreeMemoryLasts() {
            SimpleGuestMemory mem = new SimpleGuestMemory(1000, 0, 1000, true, 5000);
            Workload w = workload(mem);
            int pid = w.createProcess("a");
            long a = w.mmap(pid, anon(1000), false).id();
            w.touch(pid, a, 1000 * 4);
            long b = w.mmap(pid, anon(100), false).id();
            w.touch(pid, b, 100 * 4);
            w.munmap(pid, b); // 100 pages free again, 100 in frontswap
            assertThat(w.frontswapShrink(40)).isEqualTo(40);
            assertThat(mem.anonPages()).isEqualTo(960);
            assertThat(mem.hostFreePages()).isEqualTo(4960);
        }
    }

    @Nested
    class OomKiller {
        @Test
        void withoutSwapTheLargestProcessIsKilledAndRefunded() {
            SimpleGuestMemory mem = new SimpleGuestMemory(1000, 0, 0, false, 0);
            Workload w = workload(mem);
            int small = w.createProcess("small");
            w.touch(small, w.mmap(small, anon(300), false).id(), 300 * 4);
            int big = w.createProcess("big");
            w.touch(big, w.mmap(big, anon(600), false).id(), 600 * 4);
            int toucher = w.createProcess("toucher");
            long t = w.mmap(toucher, anon(200), false).id();
            TouchReport r = w.touch(toucher, t, 200 * 4);
            assertThat(r.oomKills()).extracting(WorkloadViews.OomKill::pid).containsExactly(big);
            assertThat(r.processKilled()).isFalse();
            assertThat(r.residentKiB()).isEqualTo(800);
            assertThat(w.committedPages()).isEqualTo(500);
            assertThat(mem.anonPages()).isEqualTo(500);
            assertThat(events).filteredOn(e -> e instanceof GuestEvents.OomKilled).singleElement()
                    .satisfies(e -> assertThat(((GuestEvents.OomKilled) e).refundedKiB()).isEqualTo(2400));
        }

        @Test
        void onEqualSizesTheLaterProcessIsTheVictim() {
            SimpleGuestMemory mem = new SimpleGuestMemory(1000, 0, 0, false, 0);
            Workload w = workload(mem);
            int first = w.createProcess("first");
            w.touch(first, w.mmap(first, anon(450), false).id(), 450 * 4);
            int second = w.createProcess("second");
            w.touch(second, w.mmap(second, anon(450), false).id(), 450 * 4);
            int toucher = w.createProcess("toucher");
            TouchReport r = w.touch(toucher, w.mmap(toucher, anon(200), false).id(), 200 * 4);
            assertThat(r.oomKills()).extracting(WorkloadViews.OomKill::pid).containsExactly(second);
        }

        @Test
        void swappedPagesCountTowardsTheVictimsSize() {
            SimpleGuestMemory mem = new SimpleGuestMemory(1000, 0, 400, false, 0);
            Workload w = workload(mem);
            int swapped = w.createProcess("partly-swapped");
            w.touch(swapped, w.mmap(swapped, anon(900), false).id(), 900 * 4);
            int resident = w.createProcess("resident");
            // pushes 400 of the first process out to swap, which is then full
            w.touch(resident, w.mmap(resident, anon(500), false).id(), 500 * 4);
            int toucher = w.createProcess("toucher");
            TouchReport r = w.touch(toucher, w.mmap(toucher, anon(100), false).id(), 100 * 4);
            // both have 500 resident; the first also has 400 swapped, so it is the larger
            assertThat(r.oomKills()).extracting(WorkloadViews.OomKill::pid).containsExactly(swapped);
            assertThat(mem.swapUsedPages()).isZero();
        }

        @Test
        void whenNoProcessHoldsAnyPageOnlyTheToucherIsKilled() {
            SimpleGuestMemory mem = new SimpleGuestMemory(1000, 1000, 0, false, 0); // all slab: free 0
            Workload w = workload(mem);
            int toucher = w.createProcess("toucher");
            long t = w.mmap(toucher, anon(10), false).id();
            int idle = w.createProcess("idle");
            w.mmap(idle, anon(400), false); // mapped, never touched: killing it frees nothing
            int later = w.createProcess("later-idle");
            w.mmap(later, anon(400), false);
            TouchReport r = w.touch(toucher, t, 40);
            assertThat(r.processKilled()).isTrue();
            assertThat(r.oomKills()).extracting(WorkloadViews.OomKill::pid).containsExactly(toucher);
            assertThat(w.processes()).extracting(WorkloadViews.ProcessView::pid).containsExactly(idle, later);
            assertThat(w.committedPages()).isEqualTo(800);
        }

        @Test
        void aToucherLargerThanMemoryKillsItself() {
            SimpleGuestMemory mem = new SimpleGuestMemory(1000, 0, 0, false, 0);
            Workload w = workload(mem);
            int pid = w.createProcess("hog");
            TouchReport r = w.touch(pid, w.mmap(pid, anon(2000), false).id(), 2000 * 4);
            assertThat(r.processKilled()).isTrue();
            assertThat(w.processes()).isEmpty();
            assertThat(mem.anonPages()).isZero();
            assertThat(w.committedPages()).isZero();
        }
    }
}
