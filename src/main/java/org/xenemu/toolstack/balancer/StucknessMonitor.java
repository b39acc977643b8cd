package org.xenemu.toolstack.balancer;

import java.util.HashMap;
import java.util.HashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;

/**
 * sq.ml {@code Stuckness_monitor}: guesses which balloon drivers are stuck, so that the others are
 * asked for more instead. One monitor lives for one squeezed call ("innocent until proven guilty":
 * sq.ml creates a fresh {@code Squeezer} per {@code change_host_free_memory} and per
 * {@code is_host_memory_unbalanced}).
 *
 * <p>Per domain: the actual seen last, the last time of progress, the stuck flag. On each
 * observation, progress = the actual moved (by any amount, since the previous observation)
 * towards a target it has not hit yet, judged with the new actual; progress clears the flag. A
 * domain whose target is not hit and that made no progress for strictly more than 5 s is stuck.
 * A domain seen for the first time counts as having made progress now. Hitting the target does
 * not clear the flag: only progress does.
 */
final class StucknessMonitor {
    /** sq.ml {@code assume_balloon_driver_stuck_after} = 5.0 s. */
    static final long STUCK_AFTER_NANOS = 5 * SqueezeOptions.NANOS_PER_SECOND;

    private static final class State {
        long lastActualKiB;
        long lastProgressNanos;
        boolean stuck;

        State(long actualKiB, long nowNanos) {
            lastActualKiB = actualKiB;
            lastProgressNanos = nowNanos;
        }
    }

    private final Map<Integer, State> states = new HashMap<>();

    void update(HostSnapshot host, long nowNanos) {
        Set<Integer> live = new HashSet<>();
        for (BalancedDomain d : host.domains()) {
            live.add(d.domid());
            State s = states.computeIfAbsent(d.domid(), id -> new State(d.actualKiB(), nowNanos));
            long delta = d.actualKiB() - s.lastActualKiB;
            s.lastActualKiB = d.actualKiB();
            boolean mustRise = !d.hasHitTarget() && d.targetKiB() > d.actualKiB();
            boolean mustFall = !d.hasHitTarget() && d.targetKiB() < d.actualKiB();
            if ((delta > 0 && mustRise) || (delta < 0 && mustFall)) {
                s.lastProgressNanos = nowNanos;
                s.stuck = false;
            }
            if (!d.hasHitTarget() && nowNanos - s.lastProgressNanos > STUCK_AFTER_NANOS) {
                s.stuck = true;
            }
        }
        states.keySet().retainAll(live);
    }

    /** sq.ml {@code domid_is_active}: known and not stuck; an unknown domid is not active. */
    boolean isActive(int domid) {
        State s = states.get(domid);
        return s != null && !s.stuck;
    }

    // ---- snapshots ----

    List<BalancerState.Stuckness> capture() {
        List<BalancerState.Stuckness> out = new ArrayList<>();
        new TreeMap<>(states).forEach((domid, st) ->
                out.add(new BalancerState.Stuckness(domid, st.lastActualKiB, st.lastProgressNanos, st.stuck)));
        return out;
    }

    void restore(List<BalancerState.Stuckness> saved) {
        states.clear();
        for (BalancerState.Stuckness st : saved) {
            State state = new State(st.lastActualKiB(), st.lastProgressNanos());
            state.stuck = st.stuck();
            states.put(st.domid(), state);
        }
    }
}
