package org.xenemu.guest.workload;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.modulith.NamedInterface;

/**
 * What a snapshot keeps of one guest's workload (docs/snapshots.md): the counters (next pid, next
 * mapping id, Committed_AS, the LRU touch sequence), the overcommit sysctls, the segments (the
 * memory behind mappings, shared ones once) and the processes with their mappings in creation
 * order, each naming its segment by index. Reference counts are not saved: a segment's is the
 * number of mappings naming it.
 * Named interface {@code guest :: workload-state}: the snapshot module maps it to the file.
 */
@NamedInterface("workload-state")
public record WorkloadState(int nextPid, long nextMappingId, long committedPages, long touchSeq,
                            OvercommitState overcommit, List<SegmentState> segments,
                            List<ProcessState> processes) {
    public WorkloadState {
        segments = List.copyOf(segments);
        processes = List.copyOf(processes);
    }

    @NamedInterface("workload-state")
    public record OvercommitState(int mode, int ratio, long kbytes, long adminReserveKiB, long userReserveKiB) {
    }

    @NamedInterface("workload-state")
    public record SegmentState(MappingKind kind, boolean shared, long sizePages, long chargePages,
                               long residentPages, long frontswapPages, long deviceSwapPages, long lastTouch) {
    }

    @NamedInterface("workload-state")
    public record MappingState(long id, MappingKind kind, boolean shared, boolean writable, boolean noreserve,
                               boolean heap, long sizePages, long ownChargePages, int segment) {
    }

    /** {@code heapMapping}: the id of the mapping brk grows, if any. */
    @NamedInterface("workload-state")
    public record ProcessState(int pid, String name, List<MappingState> mappings, @Nullable Long heapMapping) {
        public ProcessState {
            mappings = List.copyOf(mappings);
        }
    }
}
