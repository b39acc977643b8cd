package org.xenemu.toolstack.balancer;

/**
 * The port through which a {@link SqueezeRun} sees and changes the host: squeezed's {@code io}
 * record (sq.ml 599–608) minus its clock and sleep, which the run takes as parameters instead.
 *
 * <p>The integration implements it on dom0's xenstore connection and the hypervisor, and owes
 * squeezed's Xen-side duties, which are not the algorithm's (sx.ml {@code make_host},
 * {@code execute_action}):
 * <ul>
 *   <li>{@link #snapshot()} reads a <em>fresh</em> view every call: domains (minus dom0 unless dom0
 *       is managed), actual = tot_pages − memory-offset (calibrating memory-offset the first time
 *       feature-balloon or data/updated is seen), missing dynamic keys → both = target,
 *       not-booted domains pinned, free = free + scrub − reservations − not-booted reservations.
 *       It is also where squeezed updates its uncooperative table ({@link UncooperativeTracker})
 *       and lowers the maxmem of any balloonable domain whose target is below it.</li>
 *   <li>the two setters write through a cache, skipping a write whose value is already there, and
 *       ignore a domain that vanished (squeezed's {@code _noexn} setters).</li>
 * </ul>
 * The decider calls the setters only through {@link TargetWriter}, which keeps squeezed's order:
 * raising = maxmem first, then target; lowering = target first, then maxmem; no target and no
 * lowered maxmem for a domain without feature-balloon (CP-311475).
 */
public interface BalancerHost {
    /** A fresh view of the host; never cached between calls. */
    HostSnapshot snapshot();

    /**
     * Sets Xen's maxmem so that the domain may hold {@code maxmemKiB} of target-units memory; the
     * implementation adds memory-offset and the type's xen_max_offset (0 for PV, 1 MiB for HVM,
     * PVH and PV-in-PVH), as sx.ml {@code set_maxmem_noexn}.
     */
    void setMaxmemKiB(int domid, long maxmemKiB);

    /** Writes {@code memory/target} (decimal KiB). Called only for domains with feature-balloon. */
    void setTargetKiB(int domid, long targetKiB);
}
