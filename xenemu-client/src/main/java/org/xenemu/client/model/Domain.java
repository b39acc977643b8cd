package org.xenemu.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A domain as {@code GET /domains/{domid}} shows it (docs/api.md "Host and domains", "Domain view").
 *
 * @param domid        the domain id
 * @param name         its name
 * @param type         {@code PV} or {@code HVM}
 * @param homeNode     its NUMA home node
 * @param staticMaxKiB static-max
 * @param videoramKiB  HVM video memory (0 for PV)
 * @param maxKiB       the hypervisor's {@code max_pages} × 4 ({@code xl mem-max})
 * @param currentKiB   the pages the domain owns × 4
 * @param pagesPerNode pages (not KiB) per NUMA node, keyed by node number
 * @param targetKiB    the balloon driver's target
 * @param balloon      the balloon driver
 * @param meminfo      the guest's memory figures
 * @param selfballoon  the selfballoon driver, where the server has it
 * @param tokens       the domain's tokens: only in the answer to a create in token mode
 * @param dynamicMinKiB         {@code memory/dynamic-min}, when the domain has a dynamic range
 * @param dynamicMaxKiB         {@code memory/dynamic-max}, likewise
 * @param memoryInternalFreeKiB the guest's published {@code data/meminfo_free}
 * @param stuck                 squeezed gave up on it in its current or latest run
 * @param uncooperative         it is flagged {@code memory/uncooperative}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Domain(int domid, String name, String type, int homeNode, long staticMaxKiB, long videoramKiB,
                     long maxKiB, long currentKiB, Map<String, Long> pagesPerNode, long targetKiB, BalloonView balloon,
                     Meminfo meminfo, Optional<SelfballoonView> selfballoon, Optional<DomainTokens> tokens,
                     OptionalLong dynamicMinKiB, OptionalLong dynamicMaxKiB, OptionalLong memoryInternalFreeKiB,
                     boolean stuck, boolean uncooperative) {
    public Domain {
        pagesPerNode = pagesPerNode == null ? Map.of() : Map.copyOf(pagesPerNode);
        selfballoon = selfballoon == null ? Optional.empty() : selfballoon;
        tokens = tokens == null ? Optional.empty() : tokens;
        dynamicMinKiB = dynamicMinKiB == null ? OptionalLong.empty() : dynamicMinKiB;
        dynamicMaxKiB = dynamicMaxKiB == null ? OptionalLong.empty() : dynamicMaxKiB;
        memoryInternalFreeKiB = memoryInternalFreeKiB == null ? OptionalLong.empty() : memoryInternalFreeKiB;
    }
}
