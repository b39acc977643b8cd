package org.xenemu.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A process inside a guest ({@code GET /domains/{domid}/processes/{pid}}), sizes in KiB.
 *
 * @param pid         its pid
 * @param name        its name
 * @param vmKiB       its mappings' size
 * @param chargeKiB   what overcommit charged it
 * @param residentKiB resident
 * @param swappedKiB  swapped out
 * @param brkKiB      its heap
 * @param mappings    its mappings
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GuestProcess(int pid, String name, long vmKiB, long chargeKiB, long residentKiB, long swappedKiB,
                           long brkKiB, List<Mapping> mappings) {
    public GuestProcess {
        mappings = mappings == null ? List.of() : List.copyOf(mappings);
    }
}
