package org.xenemu.guest.workload;

import org.xenemu.units.Pages;

/**
 * fork (seed overcommit-accounting "Account and check on fork"): the child shares the parent's
 * shared mappings (their shm object is charged once) and gets its own copy of every private one;
 * accounted private mappings are charged again. Copy-on-write pages stay counted in the parent.
 */
final class Forker {
    private Forker() {
    }

    static GuestProcess fork(Workload w, GuestProcess parent, int childPid, boolean privileged) {
        long charge = 0;
        for (Mapping m : parent.mappings.values()) {
            charge += m.shared ? 0 : m.ownChargePages;
        }
        // dup_mmap charges VMA by VMA; admitting the sum at once has the same outcome in modes 1 and
        // 2 (the last check is the strictest); mode 0 checks each mapping against RAM + swap
        if (w.overcommit.mode() == Overcommit.GUESS) {
            for (Mapping m : parent.mappings.values()) {
                w.admit(parent, "fork", Pages.toKiB(m.sizePages), m.shared ? 0 : m.ownChargePages,
                        parent.totalVmPages(), privileged);
            }
        } else {
            w.admit(parent, "fork", Pages.toKiB(parent.totalVmPages()), charge, parent.totalVmPages(), privileged);
        }
        GuestProcess child = new GuestProcess(childPid, parent.name);
        for (Mapping m : parent.mappings.values()) {
            Segment seg;
            if (m.shared) {
                seg = m.segment;
                seg.refs++;
            } else {
                seg = new Segment(m.kind, false, m.sizePages, 0);
            }
            Mapping copy = new Mapping(w.nextMappingId(), m.kind, m.shared, m.writable, m.noreserve, m.heap,
                    m.sizePages, seg);
            copy.ownChargePages = m.shared ? 0 : m.ownChargePages;
            child.mappings.put(copy.id, copy);
            if (m == parent.heap) {
                child.heap = copy;
            }
        }
        w.committedPages += charge;
        return child;
    }
}
