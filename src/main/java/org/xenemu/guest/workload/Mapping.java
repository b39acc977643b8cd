package org.xenemu.guest.workload;

/** One mmap of a process (a VMA): its protection, size and the segment holding its pages. */
final class Mapping {
    final long id;
    final MappingKind kind;
    final boolean shared;
    boolean writable;
    /** MAP_NORESERVE as it took effect: only in modes 0 and 1 ({@code VM_NORESERVE}). */
    final boolean noreserve;
    final boolean heap;
    long sizePages;
    /** A private mapping's own charge ({@code VM_ACCOUNT}); shared mappings are charged on the segment. */
    long ownChargePages;
    final Segment segment;

    Mapping(long id, MappingKind kind, boolean shared, boolean writable, boolean noreserve, boolean heap,
            long sizePages, Segment segment) {
        this.id = id;
        this.kind = kind;
        this.shared = shared;
        this.writable = writable;
        this.noreserve = noreserve;
        this.heap = heap;
        this.sizePages = sizePages;
        this.segment = segment;
    }

    /** The charge this mapping stands for: its own, or (shared) the object's, shown on every mapping of it. */
    long chargePages() {
        return shared ? segment.chargePages : ownChargePages;
    }
}
