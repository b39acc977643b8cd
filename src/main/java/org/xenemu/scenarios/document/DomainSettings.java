package org.xenemu.scenarios.document;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Every {@code POST /domains} field but the name, validated as the toolstack would (name rules,
 * static-max ≥ memory, video memory below memory, home node on the host, the dynamic range inside
 * static-max). Empty members keep the toolstack's defaults.
 */
public record DomainSettings(long memoryKiB, OptionalLong staticMaxKiB, GuestType type, OptionalLong videoramKiB,
                             OptionalInt homeNode, KernelSettings kernel, OptionalLong dynamicMinKiB,
                             OptionalLong dynamicMaxKiB) {

    /** static-max as the toolstack computes it: the given value, or {@code memoryKiB}. */
    public long effectiveStaticMaxKiB() {
        return staticMaxKiB.orElse(memoryKiB);
    }

    /** Video memory as the toolstack computes it: HVM's given value or 8 MiB; PV has none. */
    public long effectiveVideoramKiB() {
        return type == GuestType.HVM ? videoramKiB.orElse(GuestType.DEFAULT_HVM_VIDEORAM_KIB) : 0;
    }
}
