package org.xenemu.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.OptionalLong;

/**
 * The emulated host ({@code GET /host}; docs/memory.md "Host"), in KiB.
 *
 * @param totalKiB         all memory
 * @param freeKiB          free memory
 * @param xenKiB           Xen's own reservation
 * @param pressureKiB      what operator pressure holds away
 * @param tmemKiB          what tmem holds
 * @param allocationPolicy {@code nearest} or {@code round-robin}
 * @param nodes            the NUMA nodes
 * @param reservedKiB      what reservations hold (docs/toolstack.md "Reservations"; absent on 0.1.0 and 0.2.0 servers)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Host(long totalKiB, long freeKiB, long xenKiB, long pressureKiB, long tmemKiB, String allocationPolicy,
                   List<HostNode> nodes, OptionalLong reservedKiB) {
    public Host {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        reservedKiB = reservedKiB == null ? OptionalLong.empty() : reservedKiB;
    }
}
