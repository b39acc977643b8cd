package org.xenemu.toolstack.balancer;

import java.util.Collection;
import java.util.OptionalLong;

/**
 * rrdp-squeezed's two host figures (xen-api {@code ocaml/xcp-rrdd/bin/rrdp-squeezed/rrdp_squeezed.ml}
 * {@code generate_host_sources}), from the per-domain values it keeps by watching
 * {@code memory/target}, {@code memory/dynamic-min} and {@code memory/dynamic-max} (a value it
 * cannot read is forgotten, so each may be absent):
 * <pre>
 *   memory_reclaimed     = Σ (dyn_max − target)   over domains with target and dyn_max known
 *   memory_reclaimed_max = Σ (target − dyn_min)   over domains with target and dyn_min known
 * </pre>
 * Both are published in <em>bytes</em> (× 1024), as gauges. Which domains count: every domain of
 * the hypervisor's list, paused ones included, except those whose uuid starts with
 * {@code 00000000-0000-0000} or {@code deadbeef-dead-beef} (xcp-rrdd {@code xenctrl_lib.ml}
 * {@code domain_snapshot}); dom0's handle is all zeros unless the toolstack gives it a uuid, so
 * dom0 usually does not count. {@link #counts} is that rule; the sums add what they are given.
 */
public final class ReclaimedMemory {
    private ReclaimedMemory() {
    }

    /** The values rrdp-squeezed holds for one domain (KiB), each absent when unreadable. */
    public record DomainValues(int domid, OptionalLong targetKiB, OptionalLong dynamicMinKiB,
                               OptionalLong dynamicMaxKiB) {
    }

    /** {@code memory_reclaimed} in KiB: how much squeezed holds back below dynamic-max. */
    public static long reclaimedKiB(Collection<DomainValues> domains) {
        long sum = 0;
        for (DomainValues d : domains) {
            if (d.targetKiB().isPresent() && d.dynamicMaxKiB().isPresent()) {
                sum += d.dynamicMaxKiB().getAsLong() - d.targetKiB().getAsLong();
            }
        }
        return sum;
    }

    /** {@code memory_reclaimed_max} in KiB: how much more could be reclaimed down to dynamic-min. */
    public static long reclaimableKiB(Collection<DomainValues> domains) {
        long sum = 0;
        for (DomainValues d : domains) {
            if (d.targetKiB().isPresent() && d.dynamicMinKiB().isPresent()) {
                sum += d.targetKiB().getAsLong() - d.dynamicMinKiB().getAsLong();
            }
        }
        return sum;
    }

    /** The published value: bytes, as rrdp-squeezed's {@code bytes_of_kib}. */
    public static long bytes(long kib) {
        return Math.multiplyExact(kib, 1024L);
    }

    /** xenctrl_lib.ml {@code uuid_blacklist}: whether a domain with this uuid is reported at all. */
    public static boolean counts(String uuid) {
        return !(uuid.startsWith("00000000-0000-0000") || uuid.startsWith("deadbeef-dead-beef"));
    }
}
