package org.xenemu.toolstack.balancer;

import java.util.List;
import java.util.SortedSet;

/**
 * What one iteration of the squeezer decided (sq.ml {@code Squeezer.one_iteration}'s result plus
 * what it logs), for events and tests.
 *
 * @param gamma            γ of the proportional policy over the active domains
 * @param phase            freeing when some active domain's new target lies more than its
 *                         inaccuracy below its actual; allocation otherwise
 * @param nonActive        domains left out of the policy: stuck, or without feature-balloon
 * @param declaredInactive domains that became non-active in this iteration (every domain without
 *                         feature-balloon is "declared inactive" in a run's first iteration)
 * @param declaredActive   domains that were non-active and moved again
 * @param verdict          {@link Verdict#ADJUST} with {@code actions}, or the run's end
 * @param actions          the new targets of the current phase (only with {@link Verdict#ADJUST})
 * @param blamed           the stuck balloon-capable domids, descending (only with {@link Verdict#FAILED})
 */
public record Iteration(long atNanos, long freeKiB, long hostTargetKiB, double gamma, Phase phase,
                        SortedSet<Integer> nonActive, SortedSet<Integer> declaredInactive,
                        SortedSet<Integer> declaredActive, Verdict verdict, List<TargetAction> actions,
                        List<Integer> blamed) {
    public enum Phase { FREEING, ALLOCATION }

    /** sq.ml {@code result}: {@code Success | Failed of int list | AdjustTargets of action list}. */
    public enum Verdict { SUCCESS, FAILED, ADJUST }

    public Iteration {
        nonActive = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(nonActive));
        declaredInactive = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(declaredInactive));
        declaredActive = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(declaredActive));
        actions = List.copyOf(actions);
        blamed = List.copyOf(blamed);
    }
}
