package org.xenemu.host;

import java.util.OptionalInt;
import org.xenemu.guest.KernelConfig;

/**
 * What to create (API.md POST /domains). {@code staticMaxKiB} 0 means "same as memoryKiB";
 * {@code videoramKiB} -1 means the default (8 MiB for HVM, as libxl's cirrus default; PV has none).
 */
public record DomainSpec(String name, long memoryKiB, long staticMaxKiB, DomainType type, long videoramKiB,
                         OptionalInt homeNode, KernelConfig kernel) {
    public static final long DEFAULT_HVM_VIDEORAM_KIB = 8192;

    public static DomainSpec pv(String name, long memoryKiB) {
        return new DomainSpec(name, memoryKiB, 0, DomainType.PV, -1, OptionalInt.empty(), KernelConfig.DEFAULTS);
    }

    public DomainSpec withStaticMaxKiB(long kib) {
        return new DomainSpec(name, memoryKiB, kib, type, videoramKiB, homeNode, kernel);
    }

    public DomainSpec withHomeNode(int node) {
        return new DomainSpec(name, memoryKiB, staticMaxKiB, type, videoramKiB, OptionalInt.of(node), kernel);
    }

    public DomainSpec withKernel(KernelConfig config) {
        return new DomainSpec(name, memoryKiB, staticMaxKiB, type, videoramKiB, homeNode, config);
    }

    public DomainSpec withType(DomainType t, long videoKiB) {
        return new DomainSpec(name, memoryKiB, staticMaxKiB, t, videoKiB, homeNode, kernel);
    }
}
