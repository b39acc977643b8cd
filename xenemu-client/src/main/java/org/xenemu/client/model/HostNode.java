package org.xenemu.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * One NUMA node of the host.
 *
 * @param node        its number
 * @param totalKiB    its memory
 * @param freeKiB     free on it
 * @param pressureKiB pressure held on it
 * @param distances   SLIT distances to every node (10 local)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HostNode(int node, long totalKiB, long freeKiB, long pressureKiB, List<Integer> distances) {
    public HostNode {
        distances = distances == null ? List.of() : List.copyOf(distances);
    }
}
