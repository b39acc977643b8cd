package org.xenemu.toolstack;

import java.util.OptionalInt;
import java.util.OptionalLong;
import org.xenemu.guest.kernel.KernelConfig;

/**
 * What to create (docs/api.md "Host and domains", {@code POST /domains}). Unset parts take
 * libxl's defaults: {@code staticMaxKiB} = {@code memoryKiB}; {@code videoramKiB} = 8 MiB for HVM
 * (libxl's cirrus default; PV has none); the home node is the one with most free pages.
 */
public record DomainSpec(String name, long memoryKiB, OptionalLong staticMaxKiB, DomainType type,
                         OptionalLong videoramKiB, OptionalInt homeNode, KernelConfig kernel) {
    public static final long DEFAULT_HVM_VIDEORAM_KIB = 8192;

    public static DomainSpec pv(String name, long memoryKiB) {
        return new DomainSpec(name, memoryKiB, OptionalLong.empty(), DomainType.PV, OptionalLong.empty(),
                OptionalInt.empty(), KernelConfig.DEFAULTS);
    }

    public DomainSpec withStaticMaxKiB(long kib) {
        return new DomainSpec(name, memoryKiB, OptionalLong.of(kib), type, videoramKiB, homeNode, kernel);
    }

    public DomainSpec withHomeNode(int node) {
        return new DomainSpec(name, memoryKiB, staticMaxKiB, type, videoramKiB, OptionalInt.of(node), kernel);
    }

    public DomainSpec withKernel(KernelConfig config) {
        return new DomainSpec(name, memoryKiB, staticMaxKiB, type, videoramKiB, homeNode, config);
    }

    /** Another type with its default video memory. */
    public DomainSpec withType(DomainType t) {
        return new DomainSpec(name, memoryKiB, staticMaxKiB, t, OptionalLong.empty(), homeNode, kernel);
    }

    public DomainSpec withType(DomainType t, long videoKiB) {
        return new DomainSpec(name, memoryKiB, staticMaxKiB, t, OptionalLong.of(videoKiB), homeNode, kernel);
    }

    /** static-max as libxl takes it: the memory when none is given. */
    long effectiveStaticMaxKiB() {
        return staticMaxKiB.orElse(memoryKiB);
    }

    /** The video memory libxl keeps out of the guest: HVM only. */
    long effectiveVideoramKiB() {
        return type == DomainType.HVM ? videoramKiB.orElse(DEFAULT_HVM_VIDEORAM_KIB) : 0;
    }
}
