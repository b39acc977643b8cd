package org.xenemu.guest.workload;

import java.util.List;
import org.xenemu.units.Pages;

/** Read-only pictures of the workload for the web layer and tests (all sizes in KiB). */
public final class WorkloadViews {
    private WorkloadViews() {
    }

    public record MappingView(long id, String kind, boolean shared, boolean writable, boolean noreserve, boolean heap,
                              long kib, long chargeKiB, long residentKiB, long swappedKiB) {
        static MappingView of(Mapping m) {
            return new MappingView(m.id, m.kind.name().toLowerCase(java.util.Locale.ROOT), m.shared, m.writable,
                    m.noreserve, m.heap, Pages.toKiB(m.sizePages), Pages.toKiB(m.chargePages()),
                    Pages.toKiB(m.segment.residentPages), Pages.toKiB(m.segment.swappedPages()));
        }
    }

    public record ProcessView(int pid, String name, long vmKiB, long chargeKiB, long residentKiB, long swappedKiB,
                              long brkKiB, List<MappingView> mappings) {
        static ProcessView of(GuestProcess p) {
            long charge = 0;
            long resident = 0;
            long swapped = 0;
            for (Mapping m : p.mappings.values()) {
                charge += m.chargePages();
                resident += m.segment.residentPages;
                swapped += m.segment.swappedPages();
            }
            List<MappingView> maps = p.mappings.values().stream().map(MappingView::of).toList();
            return new ProcessView(p.pid, p.name, Pages.toKiB(p.totalVmPages()), Pages.toKiB(charge),
                    Pages.toKiB(resident), Pages.toKiB(swapped),
                    p.heap == null ? 0 : Pages.toKiB(p.heap.sizePages), maps);
        }
    }

    /** What {@code mmap} answers: the new mapping's id and its charge. */
    public record Mapped(long id, long chargeKiB) {
    }

    /** One process the OOM killer killed while making room. */
    public record OomKill(int pid, String name, long footprintKiB) {
    }

    /** What a touch did, for the caller (docs/memory.md "Report what happened to the caller"). */
    public record TouchReport(int pid, long mappingId, long faultedKiB, long swappedInKiB, long residentKiB,
                              long reclaimedCacheKiB, long swappedOutFrontswapKiB, long swappedOutDeviceKiB,
                              List<OomKill> oomKills, boolean processKilled) {
    }

    /** The request of an mmap: sizes in KiB, rounded up to whole pages as the kernel aligns lengths. */
    public record MmapRequest(MappingKind kind, boolean shared, boolean writable, long kib, boolean noreserve,
                              boolean fixed) {
    }
}
