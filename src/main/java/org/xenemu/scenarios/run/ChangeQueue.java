package org.xenemu.scenarios.run;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.xenemu.scenarios.workload.WorkloadCurve;

/**
 * The domains' workload drivers by their next change point, taken in (time, creation order) — the
 * order a priority queue on those two keys gives, for less: the drivers due at one time share a
 * list (a day-long curve moves every domain at the same step, so a thousand drivers wait for one
 * time), and putting one back costs an append instead of a heap's dozen comparisons, each of which
 * would visit two drivers. Used by one runner thread only.
 */
final class ChangeQueue {
    private static final Comparator<DomainDriver> BY_ORDER = Comparator.comparingInt(d -> d.order);

    private final TreeMap<Long, List<DomainDriver>> byTime = new TreeMap<>();
    /** Emptied lists kept for the next times. */
    private final ArrayDeque<List<DomainDriver>> spare = new ArrayDeque<>();

    /** Queues {@code driver} at its {@link DomainDriver#nextChangeNanos()} (not {@link WorkloadCurve#NEVER}). */
    void add(DomainDriver driver) {
        long at = driver.nextChangeNanos();
        List<DomainDriver> list = byTime.get(at);
        if (list == null) {
            list = spare.isEmpty() ? new ArrayList<>() : spare.pop();
            byTime.put(at, list);
        }
        list.add(driver);
    }

    /** The earliest change point queued, or {@link WorkloadCurve#NEVER}. */
    long firstTime() {
        return byTime.isEmpty() ? WorkloadCurve.NEVER : byTime.firstKey();
    }

    /** Takes every driver due at or before {@code t} off the queue into {@code into}, by (time, creation order). */
    void takeDue(long t, List<DomainDriver> into) {
        while (!byTime.isEmpty() && byTime.firstKey() <= t) {
            Map.Entry<Long, List<DomainDriver>> first = byTime.pollFirstEntry();
            List<DomainDriver> list = first.getValue();
            list.sort(BY_ORDER);
            into.addAll(list);
            list.clear();
            spare.push(list);
        }
    }
}
