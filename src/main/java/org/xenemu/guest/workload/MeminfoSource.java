package org.xenemu.guest.workload;

import java.util.IdentityHashMap;
import java.util.Map;
import org.xenemu.guest.kernel.Meminfo;

/** Builds the {@link Meminfo} of a guest from its counters and its workload. */
public final class MeminfoSource {
    private MeminfoSource() {
    }

    /** {@code MemAvailable = max(0, free + file − totalreserve)} (docs/memory.md "Guest kernel state"). */
    public static long availablePages(GuestMemory mem, long totalreservePages) {
        return Math.max(0, mem.freePages() + mem.filePages() - totalreservePages);
    }

    public static Meminfo of(GuestMemory mem, Workload w, long totalreservePages, long maxPfn) {
        long shmem = 0;
        long mappedFile = 0;
        long mmapCopy = 0;
        Map<Segment, Boolean> seen = new IdentityHashMap<>();
        for (GuestProcess p : w.allProcesses()) {
            for (Mapping m : p.mappings.values()) {
                if (!m.shared) {
                    mmapCopy += m.sizePages;
                }
                if (seen.put(m.segment, Boolean.TRUE) != null) {
                    continue;
                }
                if (m.kind == MappingKind.SHMEM || m.kind == MappingKind.ANONYMOUS && m.shared) {
                    shmem += m.segment.residentPages;
                } else if (m.kind == MappingKind.FILE) {
                    mappedFile += m.segment.residentPages;
                }
            }
        }
        long anon = mem.anonPages();
        long file = mem.filePages();
        return new Meminfo(mem.totalramPages(), mem.freePages(), availablePages(mem, totalreservePages),
                file + shmem, mem.swapTotalPages(), mem.swapTotalPages() - mem.swapUsedPages(), anon, file,
                anon - shmem, mappedFile + shmem, shmem, mem.slabPages(), w.commitLimitPages(), w.committedPages(),
                mem.frontswapPages(), maxPfn, w.nommu(), mmapCopy);
    }
}
