package org.xenemu.toolstack;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.xenemu.guest.kernel.KernelConfig;

/**
 * What to create (docs/api.md "Host and domains", {@code POST /domains}). Unset parts take
 * libxl's defaults: {@code staticMaxKiB} = {@code memoryKiB}; {@code videoramKiB} = 8 MiB for HVM
 * (libxl's cirrus default; PV has none); the home node is the one with most free pages. A dynamic
 * range (both bounds or neither, in {@code memory/target}'s units) is written as XAPI's
 * {@code memory/dynamic-min} / {@code dynamic-max} (docs/toolstack.md "Dynamic range"); a
 * reservation id builds the domain from that ready reservation ("Reservations").
 */
public record DomainSpec(String name, long memoryKiB, OptionalLong staticMaxKiB, DomainType type,
                         OptionalLong videoramKiB, OptionalInt homeNode, KernelConfig kernel,
                         OptionalLong dynamicMinKiB, OptionalLong dynamicMaxKiB, Optional<String> reservationId) {
    public static final long DEFAULT_HVM_VIDEORAM_KIB = 8192;

    /** A spec without a dynamic range or a reservation. */
    public DomainSpec(String name, long memoryKiB, OptionalLong staticMaxKiB, DomainType type,
                      OptionalLong videoramKiB, OptionalInt homeNode, KernelConfig kernel) {
        this(name, memoryKiB, staticMaxKiB, type, videoramKiB, homeNode, kernel, OptionalLong.empty(),
                OptionalLong.empty(), Optional.empty());
    }

    public static DomainSpec pv(String name, long memoryKiB) {
        return new DomainSpec(name, memoryKiB, OptionalLong.empty(), DomainType.PV, OptionalLong.empty(),
                OptionalInt.empty(), KernelConfig.DEFAULTS);
    }

    public DomainSpec withStaticMaxKiB(long kib) {
        return new DomainSpec(name, memoryKiB, OptionalLong.of(kib), type, videoramKiB, homeNode, kernel,
                dynamicMinKiB, dynamicMaxKiB, reservationId);
    }

    public DomainSpec withHomeNode(int node) {
        return new DomainSpec(name, memoryKiB, staticMaxKiB, type, videoramKiB, OptionalInt.of(node), kernel,
                dynamicMinKiB, dynamicMaxKiB, reservationId);
    }

    public DomainSpec withKernel(KernelConfig config) {
        return new DomainSpec(name, memoryKiB, staticMaxKiB, type, videoramKiB, homeNode, config,
                dynamicMinKiB, dynamicMaxKiB, reservationId);
    }

    /** Another type with its default video memory. */
    public DomainSpec withType(DomainType t) {
        return new DomainSpec(name, memoryKiB, staticMaxKiB, t, OptionalLong.empty(), homeNode, kernel,
                dynamicMinKiB, dynamicMaxKiB, reservationId);
    }

    public DomainSpec withType(DomainType t, long videoKiB) {
        return new DomainSpec(name, memoryKiB, staticMaxKiB, t, OptionalLong.of(videoKiB), homeNode, kernel,
                dynamicMinKiB, dynamicMaxKiB, reservationId);
    }

    /** XAPI's dynamic range: {@code memory/dynamic-min} and {@code memory/dynamic-max}, KiB. */
    public DomainSpec withDynamicRange(long minKiB, long maxKiB) {
        return new DomainSpec(name, memoryKiB, staticMaxKiB, type, videoramKiB, homeNode, kernel,
                OptionalLong.of(minKiB), OptionalLong.of(maxKiB), reservationId);
    }

    /** Build the domain from this ready reservation. */
    public DomainSpec withReservation(String id) {
        return new DomainSpec(name, memoryKiB, staticMaxKiB, type, videoramKiB, homeNode, kernel,
                dynamicMinKiB, dynamicMaxKiB, Optional.of(id));
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
