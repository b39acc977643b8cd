package org.xenemu.guest.workload;

import java.util.Objects;
import org.xenemu.error.XenException;
import org.xenemu.guest.workload.WorkloadViews.Mapped;
import org.xenemu.guest.workload.WorkloadViews.MmapRequest;
import org.xenemu.units.Pages;

/**
 * brk (seed overcommit-accounting "We account brk"): the heap is a private writable anonymous
 * mapping, created by the first growth, charged for growth and refunded for shrinking; a heap of
 * size 0 is unmapped. On a no-MMU kernel the heap cannot grow.
 */
final class Heap {
    private Heap() {
    }

    static void brk(Workload w, GuestProcess p, long kib, boolean privileged) {
        if (kib < 0 || kib > Workload.MAX_MAPPING_KIB) {
            throw XenException.invalid("heap size out of range");
        }
        long pages = Pages.fromKiBRoundingUp(kib);
        if (p.heap == null) {
            if (pages == 0) {
                return;
            }
            if (w.nommu) {
                NoMmuRules.verifyBrkGrowth(w, p, kib, pages);
            }
            Mapped mapped = w.mmap(p.pid, new MmapRequest(MappingKind.ANONYMOUS, false, true, kib, false, false),
                    privileged, "brk");
            Mapping plain = Objects.requireNonNull(p.mappings.get(mapped.id()));
            // replace it by the same mapping flagged as the heap, keeping its place in creation order
            Mapping heap = new Mapping(plain.id, plain.kind, false, true, false, true, plain.sizePages, plain.segment);
            heap.ownChargePages = plain.ownChargePages;
            p.mappings.put(heap.id, heap);
            w.shapeChanged();
            p.heap = heap;
            return;
        }
        if (pages == 0) {
            w.munmap(p.pid, p.heap.id);
            return;
        }
        if (w.nommu && pages > p.heap.sizePages) {
            NoMmuRules.verifyBrkGrowth(w, p, kib, pages - p.heap.sizePages);
        }
        w.resize(p, p.heap, pages, "brk", privileged);
    }
}
