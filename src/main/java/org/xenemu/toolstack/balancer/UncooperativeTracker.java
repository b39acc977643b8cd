package org.xenemu.toolstack.balancer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * squeezed's uncooperative flag (sx.ml {@code update_cooperative_table} and
 * {@code update_cooperative_flags}, called from {@code make_host}, i.e. on every loop iteration
 * and every periodic check): a domain is <em>cooperative now</em> when it has no balloon driver
 * or is within its inaccuracy of its target; it is <em>uncooperative</em> when it has not been
 * cooperative for strictly more than 20 s. This is independent of the 5 s stuck state of a run, and
 * it lives as long as the daemon, not one run.
 *
 * <p>Pure: the integration calls {@link #observe} with each fresh snapshot (the port's
 * {@link BalancerHost#snapshot()} is the natural place), the time, and which domains have
 * {@code memory/uncooperative} in xenstore now; it applies the answered changes: write the node
 * with an empty value, or remove it. A domain first seen counts as cooperative at that moment;
 * a domain gone from the snapshot is forgotten.
 */
public final class UncooperativeTracker {
    /** sx.ml {@code update_cooperative_flags}: {@code now − last > 20.} */
    public static final long UNCOOPERATIVE_AFTER_NANOS = 20 * SqueezeOptions.NANOS_PER_SECOND;

    /** What to do with a domain's {@code memory/uncooperative} node. */
    public enum Action {
        /** write {@code memory/uncooperative} with the empty value */
        WRITE_EMPTY,
        /** remove {@code memory/uncooperative} */
        REMOVE
    }

    public record Change(int domid, Action action) {
    }

    private final Map<Integer, Long> lastCooperativeNanos = new TreeMap<>();

    /**
     * Updates the table from {@code host} at {@code nowNanos} and answers the node changes, in
     * ascending domid order, needed to make the flags in xenstore ({@code flaggedNow}) agree.
     */
    public List<Change> observe(HostSnapshot host, long nowNanos, Set<Integer> flaggedNow) {
        Set<Integer> alive = new HashSet<>();
        for (BalancedDomain d : host.domains()) {
            alive.add(d.domid());
            lastCooperativeNanos.putIfAbsent(d.domid(), nowNanos);
            if (!d.canBalloon() || d.hasHitTarget()) {
                lastCooperativeNanos.put(d.domid(), nowNanos);
            }
        }
        lastCooperativeNanos.keySet().retainAll(alive);
        List<Change> changes = new ArrayList<>();
        lastCooperativeNanos.forEach((domid, last) -> {
            boolean uncooperative = nowNanos - last > UNCOOPERATIVE_AFTER_NANOS;
            if (uncooperative != flaggedNow.contains(domid)) {
                changes.add(new Change(domid, uncooperative ? Action.WRITE_EMPTY : Action.REMOVE));
            }
        });
        return changes;
    }

    /** Whether the table holds {@code domid} as uncooperative at {@code nowNanos} (for views and events). */
    public boolean isUncooperative(int domid, long nowNanos) {
        Long last = lastCooperativeNanos.get(domid);
        return last != null && nowNanos - last > UNCOOPERATIVE_AFTER_NANOS;
    }

    // ---- snapshots ----

    Map<Integer, Long> capture() {
        return new TreeMap<>(lastCooperativeNanos);
    }

    void restore(Map<Integer, Long> saved) {
        lastCooperativeNanos.clear();
        lastCooperativeNanos.putAll(saved);
    }
}
