package org.xenemu.guest.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.xenemu.guest.workload.MappingKind.ANONYMOUS;
import static org.xenemu.guest.workload.MappingKind.FILE;
import static org.xenemu.guest.workload.MappingKind.SHMEM;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.events.XenEvent;
import org.xenemu.guest.GuestDomain;
import org.xenemu.guest.kernel.GuestKernel;
import org.xenemu.guest.kernel.KernelConfig;
import org.xenemu.guest.workload.WorkloadViews.MmapRequest;
import org.xenemu.toolstack.HostTmem;

class WorkloadTest {
    final List<XenEvent> events = new ArrayList<>();

    /** totalram 1000 pages, no swap; mode 2, ratio 50 → CommitLimit 500; reserves 0 unless given. */
    Workload modeTwo(long adminReserveKiB) {
        return new Workload(1, new SimpleGuestMemory(1000, 10, 0, false, 0),
                new Overcommit(2, 50, 0, adminReserveKiB, 0), false, events::add);
    }

    static MmapRequest anon(long kib) {
        return new MmapRequest(ANONYMOUS, false, true, kib, false, false);
    }

    static void assertErrno(Runnable r, Errno errno) {
        assertThatThrownBy(r::run).isInstanceOf(XenException.class)
                .satisfies(e -> assertThat(((XenException) e).errno()).isEqualTo(errno));
    }

    @Nested
    class Mmap {
        @Test
        void chargeIsRoundedUpToWholePagesAndReported() {
            Workload w = modeTwo(0);
            int pid = w.createProcess("a");
            assertThat(w.mmap(pid, anon(5), false).chargeKiB()).isEqualTo(8);
            assertThat(w.committedPages()).isEqualTo(2);
        }

        @Test
        void modeTwoAdmitsUpToOnePageBelowTheLimitAndRefusesTheNext() {
            Workload w = modeTwo(0);
            int pid = w.createProcess("a");
            // process_vm is 0 before the first request, so the user reserve subtracts nothing
            w.mmap(pid, anon(499 * 4), false);
            assertThat(w.committedPages()).isEqualTo(499);
            // user_reserve_kbytes is 0 here, so min(process_vm / 32, 0) subtracts nothing: 499 + 1 reaches 500
            assertErrno(() -> w.mmap(pid, anon(4), false), Errno.ENOMEM);
            assertThat(w.committedPages()).isEqualTo(499);
            assertThat(w.process(pid).mappings()).hasSize(1);
            assertThat(events).last().isInstanceOf(GuestEvents.MmapRefused.class);
        }

        @Test
        void adminReserveAppliesToUnprivilegedCallersOnly() {
            Workload w = modeTwo(400); // 100 pages
            int pid = w.createProcess("a");
            assertErrno(() -> w.mmap(pid, anon(400 * 4), false), Errno.ENOMEM);
            assertThat(w.mmap(pid, anon(400 * 4), true).chargeKiB()).isEqualTo(1600);
        }

        @Test
        void noreserveIsFreeInModeZeroAndOneButChargedInModeTwo() {
            Workload w = new Workload(1, new SimpleGuestMemory(1000, 10, 0, false, 0),
                    new Overcommit(1, 50, 0, 0, 0), false, events::add);
            int pid = w.createProcess("a");
            MmapRequest nores = new MmapRequest(ANONYMOUS, false, true, 4000, true, false);
            assertThat(w.mmap(pid, nores, false).chargeKiB()).isZero();
            w.overcommit().write("overcommit_memory", "0");
            assertThat(w.mmap(pid, nores, false).chargeKiB()).isZero();
            w.overcommit().write("overcommit_memory", "2");
            assertErrno(() -> w.mmap(pid, nores, false), Errno.ENOMEM);
            assertThat(w.mmap(pid, new MmapRequest(ANONYMOUS, false, true, 400, true, false), false).chargeKiB())
                    .isEqualTo(400);
        }

        @Test
        void modeZeroRefusesOneMappingLargerThanRamPlusSwap() {
            Workload w = new Workload(1, new SimpleGuestMemory(1000, 10, 24, false, 0),
                    new Overcommit(0, 50, 0, 0, 0), false, events::add);
            int pid = w.createProcess("a");
            w.mmap(pid, anon(1024 * 4), false);
            w.mmap(pid, anon(1024 * 4), false);
            assertErrno(() -> w.mmap(pid, anon(1025 * 4), false), Errno.ENOMEM);
            assertThat(w.committedPages()).isEqualTo(2048);
        }

        @Test
        void zeroLengthIsEinval() {
            Workload w = modeTwo(0);
            int pid = w.createProcess("a");
            assertErrno(() -> w.mmap(pid, anon(0), false), Errno.EINVAL);
        }

        @Test
        void unknownProcessIsEnoent() {
            assertErrno(() -> modeTwo(0).mmap(7, anon(4), false), Errno.ENOENT);
        }
    }

    @Nested
    class ChangesOfExistingMappings {
        @Test
        void mprotectToWritableChargesAPrivateReadOnlyMappingOnce() {
            Workload w = modeTwo(0);
            int pid = w.createProcess("a");
            long id = w.mmap(pid, new MmapRequest(FILE, false, false, 400, false, false), false).id();
            assertThat(w.committedPages()).isZero();
            w.mprotect(pid, id, true, false);
            assertThat(w.committedPages()).isEqualTo(100);
            w.mprotect(pid, id, false, false); // Linux keeps VM_ACCOUNT: no refund
            w.mprotect(pid, id, true, false); // and no second charge
            assertThat(w.committedPages()).isEqualTo(100);
        }

        @Test
        void mprotectOfASharedMappingChargesNothing() {
            Workload w = modeTwo(0);
            int pid = w.createProcess("a");
            long id = w.mmap(pid, new MmapRequest(FILE, true, false, 400, false, false), false).id();
            w.mprotect(pid, id, true, false);
            assertThat(w.committedPages()).isZero();
        }

        @Test
        void mprotectOverTheLimitIsEnomemAndLeavesTheMappingReadOnly() {
            Workload w = modeTwo(0);
            int pid = w.createProcess("a");
            long id = w.mmap(pid, new MmapRequest(ANONYMOUS, false, false, 2400, false, false), false).id();
            assertErrno(() -> w.mprotect(pid, id, true, false), Errno.ENOMEM);
            assertThat(w.process(pid).mappings().get(0).writable()).isFalse();
            assertThat(w.committedPages()).isZero();
        }

        @Test
        void mremapChargesGrowthAndRefundsShrinking() {
            Workload w = modeTwo(0);
            int pid = w.createProcess("a");
            long id = w.mmap(pid, anon(400), false).id();
            w.mremap(pid, id, 800, false);
            assertThat(w.committedPages()).isEqualTo(200);
            w.mremap(pid, id, 40, false);
            assertThat(w.committedPages()).isEqualTo(10);
            assertErrno(() -> w.mremap(pid, id, 4000, false), Errno.ENOMEM);
            assertThat(w.committedPages()).isEqualTo(10);
        }

        @Test
        void mremapOfAReadOnlyPrivateMappingIsFree() {
            Workload w = modeTwo(0);
            int pid = w.createProcess("a");
            long id = w.mmap(pid, new MmapRequest(ANONYMOUS, false, false, 400, false, false), false).id();
            w.mremap(pid, id, 40000, false);
            assertThat(w.committedPages()).isZero();
        }

        @Test
        void munmapRefunds() {
            Workload w = modeTwo(0);
            int pid = w.createProcess("a");
            long id = w.mmap(pid, anon(400), false).id();
            w.munmap(pid, id);
            assertThat(w.committedPages()).isZero();
            assertErrno(() -> w.munmap(pid, id), Errno.ENOENT);
        }

        @Test
        void brkGrowthIsChargedAsPrivateWritableAnonymous() {
            Workload w = modeTwo(0);
            int pid = w.createProcess("a");
            w.brk(pid, 400, false);
            assertThat(w.committedPages()).isEqualTo(100);
            w.brk(pid, 800, false);
            assertThat(w.committedPages()).isEqualTo(200);
            assertThat(w.process(pid).brkKiB()).isEqualTo(800);
            w.brk(pid, 4, false);
            assertThat(w.committedPages()).isEqualTo(1);
            w.brk(pid, 0, false);
            assertThat(w.committedPages()).isZero();
            assertThat(w.process(pid).mappings()).isEmpty();
        }

        @Test
        void exitRefundsEverything() {
            Workload w = modeTwo(0);
            int pid = w.createProcess("a");
            w.mmap(pid, anon(400), false);
            w.brk(pid, 40, false);
            w.exit(pid);
            assertThat(w.committedPages()).isZero();
            assertThat(w.processes()).isEmpty();
        }
    }

    @Nested
    class Fork {
        @Test
        void childPrivateWritableMappingsAreChargedAgainSharedOnesNot() {
            Workload w = modeTwo(0);
            int pid = w.createProcess("a");
            w.mmap(pid, anon(400), false);
            w.mmap(pid, new MmapRequest(SHMEM, true, true, 400, false, false), false);
            w.mmap(pid, new MmapRequest(FILE, false, false, 400, false, false), false);
            assertThat(w.committedPages()).isEqualTo(200);
            int child = w.fork(pid, false);
            assertThat(w.committedPages()).isEqualTo(300);
            assertThat(w.process(child).mappings()).hasSize(3);
            w.exit(pid);
            assertThat(w.committedPages()).isEqualTo(200); // the shm object lives on in the child
            w.exit(child);
            assertThat(w.committedPages()).isZero();
        }

        @Test
        void forkOverTheLimitIsEnomemAndCreatesNoProcess() {
            Workload w = modeTwo(0);
            int pid = w.createProcess("a");
            w.mmap(pid, anon(300 * 4), false);
            assertErrno(() -> w.fork(pid, false), Errno.ENOMEM);
            assertThat(w.processCount()).isEqualTo(1);
            assertThat(w.committedPages()).isEqualTo(300);
        }
    }

    /**
     * The edges of {@code __vm_enough_memory} (mm/util.c) on the paths mmap does not cover: fork
     * ({@code dup_mmap} checks each VM_ACCOUNT VMA against the parent's mm), brk, the PATCH
     * rollback, and a CommitLimit pinned by overcommit_kbytes while the balloon moves.
     */
    @Nested
    class AdmissionEdges {
        Workload modeZero(SimpleGuestMemory memory) {
            return new Workload(1, memory, new Overcommit(0, 50, 0, 0, 0), false, events::add);
        }

        List<GuestEvents.MmapRefused> refusals() {
            return events.stream().filter(GuestEvents.MmapRefused.class::isInstance)
                    .map(GuestEvents.MmapRefused.class::cast).toList();
        }

        @Test
        void forkInModeZeroChecksEachMappingAloneAgainstRamPlusSwap() {
            SimpleGuestMemory memory = new SimpleGuestMemory(1000, 10, 24, false, 0); // RAM + swap = 1024
            Workload w = modeZero(memory);
            int pid = w.createProcess("a");
            w.mmap(pid, anon(1024 * 4), false);
            w.mmap(pid, anon(1024 * 4), false);
            // 2048 pages in all, far over RAM + swap, but each VMA is 1024: admitted
            int child = w.fork(pid, false);
            assertThat(w.committedPages()).isEqualTo(4096);
            w.exit(child);

            // the balloon took 100 pages: one VMA of 1024 is now larger than RAM + swap (924)
            memory.setTotalramPages(900);
            events.clear();
            assertErrno(() -> w.fork(pid, false), Errno.ENOMEM);
            assertThat(w.processCount()).isEqualTo(1);
            assertThat(w.committedPages()).isEqualTo(2048);
            assertThat(refusals()).singleElement().satisfies(r -> {
                assertThat(r.operation()).isEqualTo("fork");
                assertThat(r.chargeKiB()).isEqualTo(1024 * 4);
            });
        }

        @Test
        void forkInModeZeroOfAMappingAdmittedInModeOneIsRefused() {
            Workload w = modeZero(new SimpleGuestMemory(1000, 10, 24, false, 0));
            int pid = w.createProcess("a");
            w.overcommit().write("overcommit_memory", "1");
            w.mmap(pid, anon(1025 * 4), false);
            w.overcommit().write("overcommit_memory", "0");
            assertErrno(() -> w.fork(pid, false), Errno.ENOMEM);
            assertThat(w.processCount()).isEqualTo(1);
            assertThat(w.committedPages()).isEqualTo(1025);
        }

        @Test
        void forkInModeTwoIsAdmittedOnePageBelowTheLimitAndRefusedAtIt() {
            // CommitLimit 500; the parent's total_vm is 240 + 80 = 320 pages, so the user reserve
            // takes min(320 / 32, 32768) = 10: allowed = 490 for the fork's check
            for (long otherPages : new long[] {9, 10}) {
                events.clear();
                Workload w = new Workload(1, new SimpleGuestMemory(1000, 10, 0, false, 0),
                        new Overcommit(2, 50, 0, 0, 131072), false, events::add);
                int other = w.createProcess("other");
                w.mmap(other, anon(otherPages * 4), false);
                int pid = w.createProcess("parent");
                w.mmap(pid, anon(240 * 4), false);
                w.mmap(pid, new MmapRequest(FILE, false, false, 80 * 4, false, false), false);
                long before = w.committedPages();
                if (otherPages == 9) {
                    // 9 + 240 + 240 = 489 < 490
                    int child = w.fork(pid, false);
                    assertThat(w.committedPages()).isEqualTo(489);
                    assertThat(w.process(child).chargeKiB()).isEqualTo(240 * 4);
                } else {
                    // 10 + 240 + 240 = 490, not below 490
                    assertErrno(() -> w.fork(pid, false), Errno.ENOMEM);
                    assertThat(w.committedPages()).isEqualTo(before);
                    assertThat(w.processCount()).isEqualTo(2);
                    assertThat(refusals()).singleElement().extracting(GuestEvents.MmapRefused::operation)
                            .isEqualTo("fork");
                }
            }
        }

        @Test
        void forkByRootSkipsTheAdminReserve() {
            Workload w = modeTwo(400); // admin reserve 100 pages: allowed 400 for users, 500 for root
            int pid = w.createProcess("a");
            w.mmap(pid, anon(200 * 4), false);
            assertErrno(() -> w.fork(pid, false), Errno.ENOMEM); // 400, not below 400
            assertThat(w.processCount()).isEqualTo(1);
            int child = w.fork(pid, true); // 400 < 500
            assertThat(w.committedPages()).isEqualTo(400);
            assertThat(w.process(child).mappings()).hasSize(1);
        }

        @Test
        void brkGrowthOverTheModeTwoLimitIsEnomemAndLeavesTheHeapAsItWas() {
            Workload w = modeTwo(0);
            int pid = w.createProcess("a");
            w.brk(pid, 400 * 4, false);
            assertErrno(() -> w.brk(pid, 500 * 4, false), Errno.ENOMEM); // 400 + 100 reaches 500
            assertThat(w.process(pid).brkKiB()).isEqualTo(1600);
            assertThat(w.committedPages()).isEqualTo(400);
            assertThat(refusals()).last().satisfies(r -> {
                assertThat(r.operation()).isEqualTo("brk");
                assertThat(r.chargeKiB()).isEqualTo(400);
            });
            w.brk(pid, 499 * 4, false); // 499 < 500
            assertThat(w.committedPages()).isEqualTo(499);
        }

        @Test
        void aFirstBrkOverTheLimitCreatesNoHeapAndIsReportedAsBrk() {
            Workload w = modeTwo(0);
            int pid = w.createProcess("a");
            assertErrno(() -> w.brk(pid, 500 * 4, false), Errno.ENOMEM);
            assertThat(w.process(pid).mappings()).isEmpty();
            assertThat(w.process(pid).brkKiB()).isZero();
            assertThat(w.committedPages()).isZero();
            assertThat(refusals()).singleElement().extracting(GuestEvents.MmapRefused::operation).isEqualTo("brk");
            w.brk(pid, 40, false);
            assertThat(w.process(pid).mappings()).singleElement()
                    .satisfies(m -> assertThat(m.heap()).isTrue());
        }

        @Test
        void brkByRootSkipsTheAdminReserve() {
            Workload w = modeTwo(400);
            int pid = w.createProcess("a");
            assertErrno(() -> w.brk(pid, 400 * 4, false), Errno.ENOMEM);
            w.brk(pid, 400 * 4, true);
            assertThat(w.committedPages()).isEqualTo(400);
        }

        @Test
        void aPatchOfWritableAndSizeWhoseRemapIsRefusedUndoesTheMprotect() {
            Workload w = modeTwo(0);
            int pid = w.createProcess("a");
            long id = w.mmap(pid, new MmapRequest(ANONYMOUS, false, false, 100 * 4, false, false), false).id();
            events.clear();
            // mprotect charges 100, then mremap wants 1900 more: 2000 is not below 500
            assertErrno(() -> w.change(pid, id, true, 2000L * 4, false), Errno.ENOMEM);
            WorkloadViews.MappingView m = w.process(pid).mappings().get(0);
            assertThat(m.writable()).isFalse();
            assertThat(m.chargeKiB()).isZero();
            assertThat(m.kib()).isEqualTo(400);
            assertThat(w.committedPages()).isZero();
            assertThat(refusals()).singleElement().extracting(GuestEvents.MmapRefused::operation)
                    .isEqualTo("mremap");
            // the mapping is as it was: a later mprotect alone charges it once
            w.change(pid, id, true, null, false);
            assertThat(w.committedPages()).isEqualTo(100);
        }

        @Test
        void aPatchWhoseMprotectIsRefusedChangesNothingAndSkipsTheRemap() {
            Workload w = modeTwo(0);
            int pid = w.createProcess("a");
            long id = w.mmap(pid, new MmapRequest(ANONYMOUS, false, false, 600 * 4, false, false), false).id();
            assertErrno(() -> w.change(pid, id, true, 4L, false), Errno.ENOMEM);
            WorkloadViews.MappingView m = w.process(pid).mappings().get(0);
            assertThat(m.writable()).isFalse();
            assertThat(m.kib()).isEqualTo(2400);
            assertThat(w.committedPages()).isZero();
        }

        @Test
        void overcommitKbytesPinsCommitLimitWhileTheBalloonMoves() {
            org.xenemu.host.Host host = org.xenemu.host.Host.uniform(1L << 20, 2, 0,
                    org.xenemu.host.AllocationPolicy.NEAREST);
            host.createDomain(1, 0, 65536, 65536);
            // 4 MiB swap = 1024 pages; mode 2
            GuestKernel kernel = new GuestKernel(1, false, 65536, 65536,
                    new KernelConfig(4096, false, false, 2, 50, KernelConfig.AUTO, 1000));
            GuestDomain guest = new GuestDomain(kernel, new HostTmem(host, 1), events::add);
            kernel.setEngines(guest);
            Workload w = guest.workload();

            long ratioLimit = kernel.totalramPages() * 50 / 100 + 1024;
            assertThat(w.commitLimitPages()).isEqualTo(ratioLimit);
            w.overcommit().write("overcommit_kbytes", "40000\n"); // 10000 pages
            assertThat(w.commitLimitPages()).isEqualTo(10000 + 1024);
            kernel.takeForBalloon(20000);
            assertThat(w.commitLimitPages()).as("kbytes ignores totalram").isEqualTo(11024);
            assertThat(guest.meminfo().commitLimitPages()).isEqualTo(11024);

            // admission uses the pinned limit: 11023 is the last page admitted (root: no admin reserve)
            int pid = w.createProcess("a");
            assertErrno(() -> w.mmap(pid, anon(11024 * 4), true), Errno.ENOMEM);
            w.mmap(pid, anon(11023 * 4), true);

            kernel.returnFromBalloon(20000);
            assertThat(w.commitLimitPages()).isEqualTo(11024);
            // writing the ratio zeroes kbytes: the limit follows totalram again
            w.overcommit().write("overcommit_ratio", "50");
            kernel.takeForBalloon(2000);
            assertThat(w.commitLimitPages()).isEqualTo(kernel.totalramPages() * 50 / 100 + 1024)
                    .isEqualTo(ratioLimit - 1000);
        }
    }

    @Nested
    class NoMmuProfile {
        Workload nommu() {
            return new Workload(1, new SimpleGuestMemory(1000, 10, 0, false, 0),
                    new Overcommit(1, 50, 0, 0, 0), true, events::add);
        }

        @Test
        void mapFixedIsEinval() {
            Workload w = nommu();
            int pid = w.createProcess("a");
            assertErrno(() -> w.mmap(pid, new MmapRequest(ANONYMOUS, false, true, 4, false, true), false), Errno.EINVAL);
            assertThat(events).singleElement().isInstanceOf(GuestEvents.MmapRefused.class);
        }

        @Test
        void sharedMappingOfARegularFileIsEnodevWritableOrNot() {
            Workload w = nommu();
            int pid = w.createProcess("a");
            assertErrno(() -> w.mmap(pid, new MmapRequest(FILE, true, true, 4, false, false), false), Errno.ENODEV);
            assertErrno(() -> w.mmap(pid, new MmapRequest(FILE, true, false, 4, false, false), false), Errno.ENODEV);
        }

        @Test
        void privateFileAndSharedShmemMappingsWork() {
            Workload w = nommu();
            int pid = w.createProcess("a");
            w.mmap(pid, new MmapRequest(FILE, false, true, 4, false, false), false);
            w.mmap(pid, new MmapRequest(SHMEM, true, true, 4, false, false), false);
            assertThat(w.process(pid).mappings()).hasSize(2);
        }

        @Test
        void forkIsEinvalAndMprotectEnosys() {
            Workload w = nommu();
            int pid = w.createProcess("a");
            long id = w.mmap(pid, anon(4), false).id();
            assertErrno(() -> w.fork(pid, false), Errno.EINVAL);
            assertErrno(() -> w.mprotect(pid, id, false, false), Errno.ENOSYS);
        }

        @Test
        void mremapOfASharedMappingIsEperm() {
            Workload w = nommu();
            int pid = w.createProcess("a");
            long id = w.mmap(pid, new MmapRequest(SHMEM, true, true, 40, false, false), false).id();
            events.clear();
            assertErrno(() -> w.mremap(pid, id, 8, false), Errno.EPERM);
            assertThat(w.process(pid).mappings().get(0).kib()).isEqualTo(40);
            assertThat(events).singleElement().isInstanceOf(GuestEvents.MmapRefused.class);
        }

        @Test
        void brkCannotGrowTheHeapAndChangesNothing() {
            Workload w = nommu();
            int pid = w.createProcess("a");
            assertErrno(() -> w.brk(pid, 4, false), Errno.ENOMEM);
            assertThat(w.process(pid).mappings()).isEmpty();
            assertThat(w.committedPages()).isZero();
            w.brk(pid, 0, false); // no heap, nothing asked: fine
            assertThat(w.process(pid).brkKiB()).isZero();
        }

        @Test
        void mremapMayShrinkAndRegrowWithinTheRegionOnly() {
            Workload w = nommu();
            int pid = w.createProcess("a");
            long id = w.mmap(pid, anon(40), false).id();
            w.mremap(pid, id, 8, false);
            w.mremap(pid, id, 40, false);
            assertErrno(() -> w.mremap(pid, id, 44, false), Errno.ENOMEM);
        }
    }
}
