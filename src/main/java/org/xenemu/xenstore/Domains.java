package org.xenemu.xenstore;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Domain state C xenstored keeps beside the tree: which domains are introduced (with the ring
 * page they were introduced with) and SET_TARGET's "A acts as B". Guarded by the engine's lock.
 */
final class Domains {
    private final Map<Integer, Long> introduced = new HashMap<>();
    private final Map<Integer, Integer> targets = new HashMap<>();

    Domains() {
        introduced.put(0, 0L);
    }

    boolean isIntroduced(int domid) {
        return introduced.containsKey(domid);
    }

    Optional<Long> gfn(int domid) {
        return Optional.ofNullable(introduced.get(domid));
    }

    void introduce(int domid, long gfn) {
        introduced.put(domid, gfn);
    }

    void release(int domid) {
        introduced.remove(domid);
        targets.remove(domid);
        targets.values().removeIf(t -> t == domid);
    }

    void setTarget(int domid, int target) {
        targets.put(domid, target);
    }

    /** The domain {@code domid} acts for, or -1. */
    int target(int domid) {
        Integer t = targets.get(domid);
        return t == null ? -1 : t;
    }

    /** Introduced domains other than dom0. */
    int guestCount() {
        return introduced.size() - (introduced.containsKey(0) ? 1 : 0);
    }

    Set<Integer> introduced() {
        return new TreeSet<>(introduced.keySet());
    }

    /** Snapshot: introduced domains with their ring pages, in domid order. */
    Map<Integer, Long> introducedWithGfn() {
        return new TreeMap<>(introduced);
    }

    Map<Integer, Integer> targetsMap() {
        return new TreeMap<>(targets);
    }

    void restore(Map<Integer, Long> savedIntroduced, Map<Integer, Integer> savedTargets) {
        introduced.clear();
        introduced.putAll(savedIntroduced);
        targets.clear();
        targets.putAll(savedTargets);
    }
}
