package org.xenemu.toolstack.balancer;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /host/balancer} (docs/api.md "Toolstack memory policy and reservations"): the decider,
 * its settings and its last run. {@code running} names the squeezed call in progress
 * ({@code balance}, {@code reserve <id>}); {@code runs}, {@code failures} and
 * {@code targetsWritten} count since the service started.
 */
public record BalancerView(String policy, long intervalSeconds, long hostFreeTargetKiB, @Nullable LastRun last,
                           @Nullable String running, int pendingReservations, long runs, long failures,
                           long targetsWritten) {

    /**
     * The latest run (squeezed: the current or the last call; MoM: the last decision).
     *
     * @param jiffies   when it last changed
     * @param gamma     squeezed's γ in the latest iteration (none for MoM)
     * @param targets   the targets it set, by domid (KiB)
     * @param stuck     the domains squeezed gave up on in that run
     * @param uncooperative the domains flagged {@code memory/uncooperative} now
     * @param outcome   {@code running}, {@code succeeded}, {@code cannot-free}, {@code domains-refused},
     *                  {@code abandoned}; MoM: {@code shrink}, {@code grow}, {@code no-change}
     */
    public record LastRun(long jiffies, String call, @Nullable Double gamma, Map<String, Long> targets,
                          List<Integer> stuck, List<Integer> uncooperative, String outcome) {
    }
}
