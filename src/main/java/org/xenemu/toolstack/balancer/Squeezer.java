package org.xenemu.toolstack.balancer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * sq.ml {@code Squeezer}: the state one squeezed call keeps between its iterations (a fresh
 * {@link StucknessMonitor} and the set of non-active domains) and {@code one_iteration}:
 * <ol>
 *   <li>observe: active = balloon-capable and not stuck; the rest is non-active; the difference to
 *       the previous iteration gives the domains declared inactive / active;</li>
 *   <li>policy: {@link Proportional} over the <em>active</em> domains only, against {@code H};</li>
 *   <li>two phases: the targets that free memory (not hit and below actual) are issued alone; only
 *       when there are none are the allocating ones issued (switched off by the fist point);</li>
 *   <li>verdict: while some active domain has not hit its current target, or some issued target
 *       differs from the current one, {@code ADJUST}; else {@code SUCCESS} if the goal is met on
 *       this snapshot's free memory; else {@code FAILED} blaming every non-active balloon-capable
 *       domain (descending domid, as sq.ml folds the set with cons).</li>
 * </ol>
 * There is no early "cannot free": the loop waits for the active domains to settle, then judges.
 */
final class Squeezer {
    private final FistPoints fistPoints;
    private final StucknessMonitor stuckness = new StucknessMonitor();
    private SortedSet<Integer> nonActive = new TreeSet<>();

    Squeezer(FistPoints fistPoints) {
        this.fistPoints = fistPoints;
    }

    Iteration oneIteration(HostSnapshot host, long hostTargetKiB, FreeGoal goal, long nowNanos) {
        stuckness.update(host, nowNanos);
        List<BalancedDomain> active = new ArrayList<>();
        SortedSet<Integer> nowNonActive = new TreeSet<>();
        for (BalancedDomain d : host.domains()) {
            if (d.canBalloon() && stuckness.isActive(d.domid())) {
                active.add(d);
            } else {
                nowNonActive.add(d.domid());
            }
        }
        SortedSet<Integer> declaredInactive = new TreeSet<>(nowNonActive);
        declaredInactive.removeAll(nonActive);
        SortedSet<Integer> declaredActive = new TreeSet<>(nonActive);
        declaredActive.removeAll(nowNonActive);
        nonActive = nowNonActive;

        Proportional.Allocation allocation = Proportional.allocate(active, host.freeKiB(), hostTargetKiB,
                fistPoints.compensateInaccuracy());
        Map<Integer, BalancedDomain> byDomid = new HashMap<>();
        active.forEach(d -> byDomid.put(d.domid(), d));
        List<TargetAction> freeing = new ArrayList<>();
        List<TargetAction> allocating = new ArrayList<>();
        for (TargetAction t : allocation.targets()) {
            BalancedDomain d = byDomid.get(t.domid());
            boolean frees = !d.hits(t.newTargetKiB()) && t.newTargetKiB() < d.actualKiB();
            (frees ? freeing : allocating).add(t);
        }
        Iteration.Phase phase = freeing.isEmpty() ? Iteration.Phase.ALLOCATION : Iteration.Phase.FREEING;
        List<TargetAction> issued = fistPoints.disableTwoPhaseTargetSets() ? allocation.targets()
                : phase == Iteration.Phase.ALLOCATION ? allocating : freeing;

        boolean allReached = active.stream().allMatch(BalancedDomain::hasHitTarget);
        boolean noChanges = issued.stream().allMatch(t -> byDomid.get(t.domid()).targetKiB() == t.newTargetKiB());
        Iteration.Verdict verdict;
        List<Integer> blamed = new ArrayList<>();
        if (!allReached || !noChanges) {
            verdict = Iteration.Verdict.ADJUST;
        } else if (goal.isMetBy(host.freeKiB())) {
            verdict = Iteration.Verdict.SUCCESS;
        } else {
            verdict = Iteration.Verdict.FAILED;
            for (BalancedDomain d : host.domains()) {
                if (d.canBalloon() && nowNonActive.contains(d.domid())) {
                    blamed.add(0, d.domid());
                }
            }
        }
        return new Iteration(nowNanos, host.freeKiB(), hostTargetKiB, allocation.gamma(), phase, nowNonActive,
                declaredInactive, declaredActive, verdict,
                verdict == Iteration.Verdict.ADJUST ? issued : List.of(), blamed);
    }

    // ---- snapshots ----

    List<Integer> nonActive() {
        return List.copyOf(nonActive);
    }

    StucknessMonitor stuckness() {
        return stuckness;
    }

    void restoreNonActive(List<Integer> saved) {
        nonActive = new TreeSet<>(saved);
    }
}
