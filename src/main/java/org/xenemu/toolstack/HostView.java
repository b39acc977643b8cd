package org.xenemu.toolstack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.xenemu.host.Host;
import org.xenemu.units.Pages;

/** The hypervisor's memory as {@code GET /host} shows it, in KiB, with each NUMA node and its distances. */
public record HostView(long totalKiB, long freeKiB, long xenKiB, long pressureKiB, long tmemKiB,
                       String allocationPolicy, List<NodeView> nodes) {

    public record NodeView(int node, long totalKiB, long freeKiB, long pressureKiB, List<Integer> distances) {
    }

    static HostView of(Host host) {
        List<NodeView> nodes = new ArrayList<>();
        for (int n = 0; n < host.nodeCount(); n++) {
            nodes.add(new NodeView(n, Pages.toKiB(host.totalPages(n)), Pages.toKiB(host.freePages(n)),
                    Pages.toKiB(host.pressurePages(n)), Arrays.stream(host.distances(n)).boxed().toList()));
        }
        return new HostView(Pages.toKiB(host.totalPages()), Pages.toKiB(host.freePages()),
                Pages.toKiB(host.xenPages()), Pages.toKiB(host.pressurePages()), Pages.toKiB(host.tmemPages()),
                host.policy().wireName(), nodes);
    }
}
