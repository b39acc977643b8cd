package org.xenemu.guest;

import java.util.List;

/** Read-only pictures of the workload for the web layer and tests (all sizes in KiB). */
public final class WorkloadViews {
    private WorkloadViews() {
    }

    public record MappingView(long id, String kind, boolean shared, boolean writable, boolean noreserve, boolean heap,
                              long kib, long chargeKiB, long residentKiB, long swappedKiB) {
        static MappingView of(Mapping m) {
            return new MappingView(m.id, m.kind.name().toLowerCase(java.util.Locale.ROOT), m.shared, m.writable,
                    m.noreserve, m.heap, m.sizePages * 4, m.chargePages() * 4, m.segment.residentPages * 4,
                    m.segment.swappedPages() * 4);
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
            return new ProcessView(p.pid, p.name, p.totalVmPages() * 4, charge * 4, resident * 4, swapped * 4,
                    p.heap == null ? 0 : p.heap.sizePages * 4, maps);
        }
    }

    /** What {@code mmap} answers: the new mapping's id and its charge. */
    public record Mapped(long id, long chargeKiB) {
    }

    /** One process the OOM killer killed while making room. */
    public record OomKill(int pid, String name, long footprintKiB) {
    }

    /** What a touch did, for the caller (MEMORY.md "Report what happened to the caller"). */
    public record TouchReport(int pid, long mappingId, long faultedKiB, long swappedInKiB, long residentKiB,
                              long reclaimedCacheKiB, long swappedOutFrontswapKiB, long swappedOutDeviceKiB,
                              List<OomKill> oomKills, boolean processKilled) {
    }

    /** The request of an mmap: sizes in KiB, rounded up to whole pages as the kernel aligns lengths. */
    public record MmapRequest(MappingKind kind, boolean shared, boolean writable, long kib, boolean noreserve,
                              boolean fixed) {
    }
}
