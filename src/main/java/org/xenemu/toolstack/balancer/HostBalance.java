package org.xenemu.toolstack.balancer;

import java.util.List;

/**
 * The periodic check (ms.ml's balancing thread, sq.ml {@code is_host_memory_unbalanced},
 * {@code is_balanced}): every {@link SqueezeOptions#balanceCheckIntervalNanos()} (10 s) the
 * integration asks {@link #isHostMemoryUnbalanced} on a fresh snapshot and, if it answers true
 * and no other run holds the decider (squeezed serialises every RPC and the balancer under one
 * mutex, ms.ml {@code wrap}), starts {@link SqueezeRun#balance}. A balancing run's failure is only
 * reported, never raised (sq.ml {@code balance_memory} swallows every exception).
 */
public final class HostBalance {
    private HostBalance() {
    }

    /** sq.ml {@code is_balanced}: {@code free − target < tolerance}; also true when free is below target. */
    public static boolean isBalanced(long hostFreeKiB, SqueezeOptions options) {
        return options.balancedGoal().isMetBy(hostFreeKiB);
    }

    /**
     * sq.ml {@code is_host_memory_unbalanced}: one iteration with a fresh squeezer (so nobody is
     * stuck: only the domains without feature-balloon are left out), {@code H} = the host free
     * target; unbalanced ⇔ it wants to adjust targets and at least one of the current phase's new
     * targets differs from that domain's current target. It is <em>not</em> "free differs from the
     * target": a host with everyone at their proportional targets is balanced whatever its free.
     */
    public static boolean isHostMemoryUnbalanced(HostSnapshot host, SqueezeOptions options) {
        Iteration it = new Squeezer(options.fistPoints())
                .oneIteration(host, options.hostFreeTargetKiB(), options.balancedGoal(), 0);
        if (it.verdict() != Iteration.Verdict.ADJUST) {
            return false;
        }
        List<TargetAction> actions = it.actions();
        return actions.stream().anyMatch(a -> host.domain(a.domid())
                .map(d -> d.targetKiB() != a.newTargetKiB()).orElse(true));
    }
}
