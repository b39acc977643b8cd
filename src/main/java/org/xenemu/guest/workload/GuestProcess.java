package org.xenemu.guest.workload;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A process of the guest workload: a pid, a name and its mappings in creation order. */
final class GuestProcess {
    final int pid;
    final String name;
    final Map<Long, Mapping> mappings = new LinkedHashMap<>();
    /** The heap mapping once brk has grown it (a private writable anonymous mapping). */
    @Nullable Mapping heap;

    GuestProcess(int pid, String name) {
        this.pid = pid;
        this.name = name;
    }

    /** {@code mm->total_vm}: every mapped page, charged or not. */
    long totalVmPages() {
        long total = 0;
        for (Mapping m : mappings.values()) {
            total += m.sizePages;
        }
        return total;
    }

    /** Resident + swapped pages of all mappings: what the OOM killer ranks (shared pages count in each). */
    long footprintPages() {
        long total = 0;
        for (Mapping m : mappings.values()) {
            total += m.segment.residentPages + m.segment.swappedPages();
        }
        return total;
    }
}
