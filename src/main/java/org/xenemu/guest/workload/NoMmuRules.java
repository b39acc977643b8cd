package org.xenemu.guest.workload;

import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.guest.workload.WorkloadViews.MmapRequest;
import org.xenemu.units.Pages;

/**
 * What a no-MMU kernel refuses (seed nommu-mmap; errnos from mm/nommu.c and kernel/fork.c):
 * <ul>
 *   <li>{@code MAP_FIXED}: EINVAL ("Supplying MAP_FIXED ... will result in an error");</li>
 *   <li>a shared mapping of a regular file, read-only or writable: ENODEV (a disk file has only
 *       the copy capability, no direct mapping; "Regular file / blockdev, MAP_SHARED: not
 *       supported"); tmpfs ({@code shmem}) is memory-backed and may be shared;</li>
 *   <li>fork: EINVAL ({@code sys_fork} on !MMU); mprotect: ENOSYS (no such syscall);</li>
 *   <li>mremap of a shared mapping: EPERM; growing past the region allocated at mmap: ENOMEM;</li>
 *   <li>brk growth: ENOMEM (the heap was fixed by exec).</li>
 * </ul>
 */
final class NoMmuRules {
    private NoMmuRules() {
    }

    static void verifyMmap(Workload w, GuestProcess p, MmapRequest req) {
        if (req.fixed()) {
            w.refuse(p, "mmap", req.kib(), 0, Errno.EINVAL, "no-MMU: MAP_FIXED is not supported");
        }
        if (req.kind() == MappingKind.FILE && req.shared()) {
            w.refuse(p, "mmap", req.kib(), 0, Errno.ENODEV,
                    "no-MMU: shared mappings of regular files are not supported (no direct mapping capability)");
        }
    }

    static void verifyMprotect() {
        throw XenException.of(Errno.ENOSYS, "no-MMU kernels have no mprotect");
    }

    static void verifyFork() {
        throw XenException.invalid("no-MMU kernels have no fork (use vfork or clone with CLONE_VM)");
    }

    static void verifyBrkGrowth(Workload w, GuestProcess p, long kib, long growthPages) {
        w.refuse(p, "brk", kib, growthPages, Errno.ENOMEM, "no-MMU: the heap cannot grow beyond what exec reserved");
    }

    static void verifyResize(Workload w, GuestProcess p, Mapping m, long pages, String op) {
        if (m.shared) {
            w.refuse(p, op, Pages.toKiB(pages), 0, Errno.EPERM, "no-MMU: shared mappings cannot be remapped");
        }
        if (pages > m.segment.sizePages) {
            w.refuse(p, op, Pages.toKiB(pages), 0, Errno.ENOMEM, "no-MMU: a mapping cannot grow beyond its region");
        }
    }
}
