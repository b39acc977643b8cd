package org.xenemu.toolstack.balancer;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.xenemu.events.XenEvent;

/**
 * The decider ran: one squeezed iteration that set targets or ended its run, or one MoM decision
 * that set targets. {@code call} is squeezed's entry point ({@code balance}, {@code reserve},
 * {@code reserve-range}) or {@code mom}; {@code targets} the new targets by domid (KiB);
 * {@code gamma} and {@code phase} are squeezed's; {@code outcome} is {@code running},
 * {@code succeeded}, {@code cannot-free}, {@code domains-refused} or {@code abandoned} for
 * squeezed, {@code shrink} / {@code grow} for MoM.
 */
public record BalancerRan(String policy, String call, @Nullable String reservationId, int iteration,
                          @Nullable Double gamma, @Nullable String phase, Map<String, Long> targets, String outcome)
        implements XenEvent {
}
