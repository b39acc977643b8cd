package org.xenemu.toolstack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xenemu.host.Host;
import org.xenemu.units.Pages;

/**
 * The hypervisor's memory as {@code GET /host} shows it, in KiB, with each NUMA node and its
 * distances. {@code reservedKiB} is what reservations hold (docs/toolstack.md "Reservations");
 * {@code memoryReclaimedKiB} and {@code memoryReclaimedMaxKiB} are rrdp-squeezed's
 * {@code memory_reclaimed} = Σ(dynamic-max − target) and {@code memory_reclaimed_max} =
 * Σ(target − dynamic-min) over the guests with those keys, in KiB (rrdp-squeezed publishes bytes).
 * A view made without them (the seven-member constructor) leaves them out.
 */
public record HostView(long totalKiB, long freeKiB, long xenKiB, long pressureKiB, long tmemKiB,
                       @Nullable Long reservedKiB, @Nullable Long memoryReclaimedKiB,
                       @Nullable Long memoryReclaimedMaxKiB, String allocationPolicy, List<NodeView> nodes) {

    public HostView(long totalKiB, long freeKiB, long xenKiB, long pressureKiB, long tmemKiB, String allocationPolicy,
                    List<NodeView> nodes) {
        this(totalKiB, freeKiB, xenKiB, pressureKiB, tmemKiB, null, null, null, allocationPolicy, nodes);
    }

    public record NodeView(int node, long totalKiB, long freeKiB, long pressureKiB, List<Integer> distances) {
    }

    static HostView of(Host host, long reclaimedKiB, long reclaimableKiB) {
        List<NodeView> nodes = new ArrayList<>();
        for (int n = 0; n < host.nodeCount(); n++) {
            nodes.add(new NodeView(n, Pages.toKiB(host.totalPages(n)), Pages.toKiB(host.freePages(n)),
                    Pages.toKiB(host.pressurePages(n)), Arrays.stream(host.distances(n)).boxed().toList()));
        }
        return new HostView(Pages.toKiB(host.totalPages()), Pages.toKiB(host.freePages()),
                Pages.toKiB(host.xenPages()), Pages.toKiB(host.pressurePages()), Pages.toKiB(host.tmemPages()),
                Pages.toKiB(host.reservedPages()), reclaimedKiB, reclaimableKiB, host.policy().wireName(), nodes);
    }
}
