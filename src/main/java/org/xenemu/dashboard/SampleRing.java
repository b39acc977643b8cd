package org.xenemu.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The last {@code capacity} samples, oldest first, in ascending virtual time. Its own small lock:
 * the sampler adds under the engine lock, readers copy references out without taking the engine
 * lock (samples are immutable), so reading the history never stalls an engine step.
 */
final class SampleRing {
    private final Sample[] ring;
    private int start;
    private int size;

    SampleRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.ring = new Sample[capacity];
    }

    int capacity() {
        return ring.length;
    }

    /**
     * Appends, dropping the oldest when full. A sample not later than the newest means time was set
     * back (a snapshot restored): the history before it no longer describes this host and is dropped.
     */
    synchronized void add(Sample sample) {
        if (size > 0 && sample.jiffies() <= at(size - 1).jiffies()) {
            clear();
        }
        if (size < ring.length) {
            ring[(start + size) % ring.length] = sample;
            size++;
        } else {
            ring[start] = sample;
            start = (start + 1) % ring.length;
        }
    }

    synchronized void clear() {
        java.util.Arrays.fill(ring, null);
        start = 0;
        size = 0;
    }

    synchronized int size() {
        return size;
    }

    synchronized Optional<Sample> latest() {
        return size == 0 ? Optional.empty() : Optional.of(at(size - 1));
    }

    synchronized Optional<Sample> oldest() {
        return size == 0 ? Optional.empty() : Optional.of(at(0));
    }

    /** What {@link #read} saw, all at one moment. */
    record Read(@Nullable Sample oldest, @Nullable Sample latest, List<Sample> after) {
    }

    /** The oldest and newest samples held and those after {@code jiffies}, consistently. */
    synchronized Read read(long jiffies) {
        return new Read(size == 0 ? null : at(0), size == 0 ? null : at(size - 1), after(jiffies));
    }

    /** The samples taken strictly after {@code jiffies}, oldest first (binary search: O(log n + k)). */
    synchronized List<Sample> after(long jiffies) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (at(mid).jiffies() <= jiffies) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        List<Sample> out = new ArrayList<>(size - lo);
        for (int i = lo; i < size; i++) {
            out.add(at(i));
        }
        return out;
    }

    private Sample at(int i) {
        Sample s = ring[(start + i) % ring.length];
        if (s == null) {
            throw new IllegalStateException("ring slot " + i + " of " + size + " is empty");
        }
        return s;
    }
}
