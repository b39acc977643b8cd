package org.xenemu.toolstack.balancer;

import org.xenemu.error.XenException;

/**
 * One domain as squeezed sees it in one poll: sq.ml's {@code domain} record, filled by sx.ml's
 * {@code make_host}. All figures are KiB.
 *
 * <p>{@code actualKiB} is what the guest really holds (tot_pages minus its calibrated
 * memory-offset); {@code maxmemKiB} is Xen's maxmem in the same units as the target, i.e. without
 * memory-offset and the type's xen_max_offset (the port adds them back when it writes, as
 * sx.ml's {@code set_maxmem_noexn} does). A domain whose {@code memory/dynamic-min} or
 * {@code dynamic-max} is missing arrives with both equal to its target (sx.ml {@code make_host});
 * a domain that has not booted (no feature-balloon, no data/updated) arrives with
 * {@code canBalloon = false} and every figure equal. squeezed does not check
 * {@code dynamicMin ≤ dynamicMax}; neither does this record (the toolstack refuses such ranges
 * when they are written): an inverted range has {@link #rangeKiB()} 0.
 *
 * <p>squeezed's own constructor, {@code domain_make domid can_balloon dynamic_min target
 * dynamic_max actual maxmem inaccuracy}, takes the target before dynamic-max; this record's order
 * is different (range first), so ported tests go through a helper named after squeezed's.
 *
 * @param inaccuracyKiB how far actual may sit from target and still count as a hit; squeezed
 *                      always uses {@link #SQUEEZED_INACCURACY_KIB} (sx.ml 698)
 */
public record BalancedDomain(int domid, boolean canBalloon, long dynamicMinKiB, long dynamicMaxKiB,
                             long targetKiB, long actualKiB, long maxmemKiB, long inaccuracyKiB) {
    /** sx.ml {@code make_host} and sq.ml {@code free_memory_range}: every real domain gets 4 KiB. */
    public static final long SQUEEZED_INACCURACY_KIB = 4;

    public BalancedDomain {
        if (inaccuracyKiB < 0) {
            throw XenException.invalid("inaccuracyKiB must be >= 0: " + inaccuracyKiB);
        }
    }

    /** sq.ml {@code has_hit_target}: {@code |actual − target| ≤ inaccuracy}, inclusive. */
    public boolean hits(long someTargetKiB) {
        return Math.abs(actualKiB - someTargetKiB) <= inaccuracyKiB;
    }

    public boolean hasHitTarget() {
        return hits(targetKiB);
    }

    /** sq.ml {@code range}: {@code max(0, dyn_max − dyn_min)}. */
    public long rangeKiB() {
        return Math.max(0, dynamicMaxKiB - dynamicMinKiB);
    }

    /**
     * sq.ml {@code min_freeable}: what ballooning to dynamic-min frees for sure,
     * {@code max(0, actual − dyn_min − 2·inaccuracy)}; without compensation (the test fist point
     * {@code DisableInaccuracyCompensation}) {@code max(0, actual − dyn_min)}.
     */
    public long minFreeableKiB(boolean compensateInaccuracy) {
        long slack = compensateInaccuracy ? 2 * inaccuracyKiB : 0;
        return Math.max(0, actualKiB - dynamicMinKiB - slack);
    }

    /**
     * CA-41832 (sq.ml {@code change_host_free_memory}, the maxmem pass): the target and maxmem a
     * domain gets at the moment it is declared inactive, {@code clamp(min(target, actual), dyn_min,
     * dyn_max)} written as squeezed does ({@code min dyn_max (max dyn_min ideal)}), so it may shrink
     * while nobody watches but never grow.
     */
    public long inactiveClipKiB() {
        long ideal = Math.min(targetKiB, actualKiB);
        return Math.min(dynamicMaxKiB, Math.max(dynamicMinKiB, ideal));
    }

    public BalancedDomain withTargetKiB(long newTargetKiB) {
        return new BalancedDomain(domid, canBalloon, dynamicMinKiB, dynamicMaxKiB, newTargetKiB, actualKiB, maxmemKiB,
                inaccuracyKiB);
    }
}
