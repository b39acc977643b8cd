package org.xenemu.toolstack.balancer;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.xenemu.clock.TaskSlot;

/**
 * The balancer as a snapshot keeps it (docs/snapshots.md "balancer"): its settings, whether its
 * dom0 xenstore connection is open, squeezed's call in progress and the calls waiting, every
 * reservation, what the view shows, squeezed's cache of xenstore (values, watch events not yet
 * handled), its Xen side (the uncooperative table, the last host snapshot), MoM's sample history,
 * and the three timers (loop, periodic check, MoM tick) with the cache's refresh timer. The pages
 * a ready reservation holds are the host's ({@code Host.State.reserved}).
 */
public record BalancerState(BalancerSettings settings, boolean connected, @Nullable Run run, @Nullable String runFor,
                            int seenIterations, List<String> queue, List<Reservation> reservations,
                            long nextReservation, List<Integer> runStuck, List<Integer> lastStuck,
                            Map<Integer, Long> runTargets, Map<Integer, Long> stepTargets, @Nullable Mom mom,
                            BalancerView.@Nullable LastRun last, @Nullable Double lastGamma, long runs, long failures,
                            long targetsWritten, Cache cache, Port port, @Nullable TaskSlot loopTimer,
                            @Nullable TaskSlot checkTimer, @Nullable TaskSlot momTimer) {
    public BalancerState {
        queue = List.copyOf(queue);
        reservations = List.copyOf(reservations);
        runStuck = List.copyOf(runStuck);
        lastStuck = List.copyOf(lastStuck);
        runTargets = Map.copyOf(runTargets);
        stepTargets = Map.copyOf(stepTargets);
    }

    /** One reservation: its request ({@code kib}, or {@code minKiB} and {@code maxKiB}) and what became of it. */
    public record Reservation(String id, @Nullable Long requestKiB, @Nullable Long requestMinKiB,
                              @Nullable Long requestMaxKiB, long requestedJiffies, ReservationState state, long kib,
                              @Nullable String errno, @Nullable String reason, @Nullable List<Integer> domids,
                              @Nullable List<String> names, @Nullable Long neededKiB, @Nullable Long freeKiB,
                              @Nullable String detail, int domid, long settledJiffies) {
    }

    /**
     * squeezed's call in progress: which call, its amounts, whether its first step ran, when it
     * last stepped and is due next, its latest iteration, and its stuckness monitor (per domain:
     * the last actual KiB, when it last moved towards its target, whether it is stuck).
     */
    public record Run(SqueezeRun.Call call, long requestedKiB, long rangeMaxKiB, long requiredKiB, boolean started,
                      long lastStepNanos, long nextStepAtNanos, @Nullable Iteration lastIteration, int iterations,
                      List<Integer> nonActive, List<Stuckness> stuckness) {
    }

    public record Stuckness(int domid, long lastActualKiB, long lastProgressNanos, boolean stuck) {
    }

    /** squeezed's xenstore cache: per domain the watched keys' values, the watch events not yet handled. */
    public record Cache(boolean watching, long watchEvents, Map<Integer, Map<String, String>> values,
                        List<List<String>> inbox, @Nullable TaskSlot refreshTimer) {
    }

    /** squeezed's Xen side: when each domain last cooperated, the last host snapshot, its counters. */
    public record Port(Map<Integer, Long> lastCooperativeNanos, HostSnapshot lastSnapshot, long snapshots,
                       long targetWrites, long maxmemWrites) {
    }

    /** MoM's collector and policy clock: the sample histories, which guests are ready, the next times. */
    public record Mom(List<MomPolicy.HostSample> host, Map<Integer, List<MomPolicy.GuestSample>> guests,
                      Map<Integer, Boolean> ready, long nextSampleNanos, long nextDecisionNanos, boolean started) {
    }
}
