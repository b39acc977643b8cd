package org.xenemu.toolstack.balancer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * squeezed's one policy (sq.ml {@code Proportional.compute_target_adjustments} and
 * {@code allocate_memory_in_proportion}): every domain of the set sits at the same fraction γ of
 * its dynamic range.
 * <pre>
 *   maxFree  = free + Σ min_freeable(d)          what is free if everyone went to dynamic-min
 *   surplus  = max(0, maxFree − H)               H: what the caller wants free (not always 72 MiB)
 *   γ        = constrain((double) surplus / (double) Σ range(d))   &lt;0 → 0, &gt;1 → 1, NaN → 0
 *   target(d) = dyn_min(d) + (long) (γ · (double) range(d))        truncated, as Int64.of_float
 * </pre>
 * With no range at all, {@code surplus/0} is +∞ (γ = 1) or NaN (γ = 0); either way every target is
 * dynamic-min. Truncation leaves less than 1 KiB per domain unallocated.
 */
final class Proportional {
    private Proportional() {
    }

    /** γ and the targets, in the order of {@code domains} (ascending domid from a snapshot). */
    record Allocation(double gamma, long maxFreeKiB, long surplusKiB, List<TargetAction> targets) {
    }

    static Allocation allocate(Collection<BalancedDomain> domains, long freeKiB, long hostTargetKiB,
                               boolean compensateInaccuracy) {
        long maxFree = freeKiB;
        long totalRange = 0;
        for (BalancedDomain d : domains) {
            maxFree += d.minFreeableKiB(compensateInaccuracy);
            totalRange += d.rangeKiB();
        }
        long surplus = Math.max(0, maxFree - hostTargetKiB);
        double gamma = constrain((double) surplus / (double) totalRange);
        List<TargetAction> targets = new ArrayList<>(domains.size());
        for (BalancedDomain d : domains) {
            targets.add(new TargetAction(d.domid(), d.dynamicMinKiB() + (long) (gamma * (double) d.rangeKiB())));
        }
        return new Allocation(gamma, maxFree, surplus, List.copyOf(targets));
    }

    /** sq.ml {@code Proportional.constrain 0. 1.}: the comparisons first, so NaN falls through to 0. */
    static double constrain(double value) {
        if (value < 0) {
            return 0;
        }
        if (value > 1) {
            return 1;
        }
        if (Double.isNaN(value)) {
            return 0;
        }
        return value;
    }

    /**
     * sq.ml {@code free_memory_range}'s price of a range reservation: a virtual domain
     * {domid −1, can balloon, dyn_min = target = min, dyn_max = max, actual 0, inaccuracy 4} joins
     * <em>all</em> the host's domains (not only the active ones: neither feature-balloon nor
     * stuckness filters them here) and gets its proportional share against the host free target.
     * Inaccuracy compensation is always on here (squeezed passes no fist points to this call).
     */
    static long priceRange(HostSnapshot host, long minKiB, long maxKiB, long hostFreeTargetKiB) {
        BalancedDomain virtual = new BalancedDomain(-1, true, minKiB, maxKiB, minKiB, 0, 0,
                BalancedDomain.SQUEEZED_INACCURACY_KIB);
        List<BalancedDomain> withVirtual = new ArrayList<>(host.domains().size() + 1);
        withVirtual.add(virtual);
        withVirtual.addAll(host.domains());
        return allocate(withVirtual, host.freeKiB(), hostFreeTargetKiB, true).targets().get(0).newTargetKiB();
    }
}
