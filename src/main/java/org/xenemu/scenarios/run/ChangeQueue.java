package org.xenemu.scenarios.run;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * Items by a time (the domains' workload drivers by their next change point), taken in (time,
 * {@code order}) — the order a priority queue on those two keys gives, for less: the items due at
 * one time share a list (a day-long curve moves every domain at the same step, so a thousand
 * drivers wait for one time), and putting one back costs an append instead of a heap's dozen
 * comparisons, each of which would visit two drivers. Each time's list is kept in order as it is
 * filled (an append, but for an item that comes back out of order). An item's time must not
 * change while it is queued. Used by one thread only.
 */
final class ChangeQueue<T> {
    private final ToLongFunction<T> time;
    private final Comparator<? super T> order;
    private final TreeMap<Long, List<T>> byTime = new TreeMap<>();
    /** Emptied lists kept for the next times. */
    private final ArrayDeque<List<T>> spare = new ArrayDeque<>();
    /** The list the last item went to: the next one mostly goes there too (a null list: none). */
    private @Nullable List<T> lastList;
    private long lastTime;

    ChangeQueue(ToLongFunction<T> time, Comparator<? super T> order) {
        this.time = time;
        this.order = order;
    }

    void add(T item) {
        long at = time.applyAsLong(item);
        List<T> list = lastList != null && lastTime == at ? lastList : listAt(at);
        // kept in order as it is filled: items mostly come back in the order they were taken
        int end = list.size();
        if (end == 0 || order.compare(list.get(end - 1), item) <= 0) {
            list.add(item);
        } else {
            list.add(insertionPoint(list, item), item);
        }
    }

    private List<T> listAt(long at) {
        List<T> list = byTime.get(at);
        if (list == null) {
            list = spare.isEmpty() ? new ArrayList<>() : spare.pop();
            byTime.put(at, list);
        }
        lastTime = at;
        lastList = list;
        return list;
    }

    /** After every item that orders before or with {@code item}. */
    private int insertionPoint(List<T> list, T item) {
        int lo = 0;
        int hi = list.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (order.compare(list.get(mid), item) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The earliest time queued, or {@code Long.MAX_VALUE} when none is. */
    long firstTime() {
        return byTime.isEmpty() ? Long.MAX_VALUE : byTime.firstKey();
    }

    /** Takes every item due at or before {@code t} off the queue into {@code into}, by (time, order). */
    void takeDue(long t, List<T> into) {
        while (!byTime.isEmpty() && byTime.firstKey() <= t) {
            Map.Entry<Long, List<T>> first = byTime.pollFirstEntry();
            List<T> list = first.getValue();
            if (list == lastList) {
                lastList = null;
            }
            into.addAll(list);
            list.clear();
            spare.push(list);
        }
    }
}
