package org.xenemu.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.xenemu.guest.MappingKind.ANONYMOUS;
import static org.xenemu.guest.MappingKind.FILE;
import static org.xenemu.guest.MappingKind.SHMEM;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.events.XenEvent;
import org.xenemu.guest.WorkloadViews.MmapRequest;

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
            // process_vm 499 → 499/32 = 15 pages of user reserve (uncapped: user_reserve is 0 here → min = 0)
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
