package org.xenemu.guest.workload;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xenemu.guest.workload.WorkloadViews.OomKill;
import org.xenemu.guest.workload.WorkloadViews.TouchReport;
import org.xenemu.units.Pages;

/**
 * Touching memory, and what the guest does when free memory runs short (docs/memory.md "Touching
 * memory: reclaim, swap, OOM"): (1) drop page cache — unmapped cache first, then mapped file
 * pages, least recently touched first; (2) swap anonymous/shmem pages out, least recently
 * touched first, each page into a free swap slot: to frontswap (host tmem) when tmem is on and
 * the host grants the page, else written to the swap device; no free slot, no swapping;
 * (3) OOM-kill the process with the largest resident + swapped size (ties: the later pid, as
 * the kernel's task-list scan keeps the last of equal scores), refund its charges, free its
 * pages; repeat until the touch fits or the toucher itself was killed. When even the largest
 * process holds nothing (no kill can free a page), only the toucher is killed.
 *
 * <p>The segment being touched is never reclaimed to make room for itself. Free memory never
 * goes below zero: a page is only faulted in once a free page exists for it.
 */
final class Reclaimer {
    private final Workload w;
    private long touchSeq;
    /** Counts {@link #segmentsByAge} walks: a segment met in this walk carries its number. */
    private long visits;

    Reclaimer(Workload w) {
        this.w = w;
    }

    long touchSeq() {
        return touchSeq;
    }

    void restoreTouchSeq(long saved) {
        touchSeq = saved;
    }

    TouchReport touch(GuestProcess p, Mapping m, long pages) {
        Segment seg = m.segment;
        seg.lastTouch = ++touchSeq;
        long target = Math.min(pages, Math.min(m.sizePages, seg.sizePages));
        long need = Math.max(0, target - seg.residentPages);
        Tally tally = new Tally();
        boolean killed = !makeRoom(need, seg, p, tally);
        long swappedIn = 0;
        long faulted = 0;
        if (!killed && need > 0) {
            swappedIn = Math.min(need, seg.swappedPages());
            long fromTmem = Math.min(swappedIn, seg.frontswapPages);
            w.memory.frontswapRelease(fromTmem);
            seg.frontswapPages -= fromTmem;
            long fromDevice = swappedIn - fromTmem;
            seg.deviceSwapPages -= fromDevice;
            w.memory.addDeviceSwap(-fromDevice);
            seg.residentPages += need;
            if (seg.kind.swapBacked()) {
                w.memory.addAnon(need);
            } else {
                w.memory.addFile(need);
            }
            faulted = need;
        }
        publish(tally);
        return new TouchReport(p.pid, m.id, Pages.toKiB(faulted), Pages.toKiB(swappedIn),
                Pages.toKiB(seg.residentPages), Pages.toKiB(tally.cache), Pages.toKiB(tally.frontswap),
                Pages.toKiB(tally.device), tally.kills(), killed);
    }

    /** Shrinks a private segment to {@code pages}: resident pages beyond go first, then swapped ones. */
    void trim(Segment seg, long pages) {
        long excess = seg.residentPages + seg.swappedPages() - pages;
        if (excess <= 0) {
            return;
        }
        long resident = Math.min(excess, seg.residentPages);
        seg.residentPages -= resident;
        if (seg.kind.swapBacked()) {
            w.memory.addAnon(-resident);
        } else {
            w.memory.addFile(-resident);
        }
        excess -= resident;
        long device = Math.min(excess, seg.deviceSwapPages);
        seg.deviceSwapPages -= device;
        w.memory.addDeviceSwap(-device);
        excess -= device;
        seg.frontswapPages -= excess;
        w.memory.frontswapRelease(excess);
    }

    /** Makes {@code need} pages free; false when the toucher was OOM-killed on the way. */
    private boolean makeRoom(long need, Segment touched, GuestProcess toucher, Tally tally) {
        while (true) {
            long shortPages = need - w.memory.freePages();
            if (shortPages <= 0) {
                return true;
            }
            long dropped = dropCache(shortPages, touched);
            tally.cache += dropped;
            shortPages -= dropped;
            if (shortPages <= 0) {
                return true;
            }
            shortPages -= swapOut(shortPages, touched, tally);
            if (shortPages <= 0) {
                return true;
            }
            GuestProcess victim = null;
            for (GuestProcess candidate : w.allProcesses()) {
                if (victim == null || candidate.footprintPages() >= victim.footprintPages()) {
                    victim = candidate;
                }
            }
            if (victim == null) {
                return false;
            }
            if (victim.footprintPages() == 0) {
                // Nothing resident or swapped anywhere: no kill can free a page, so killing the
                // others one by one would only end with the toucher dead anyway. The fault
                // cannot be served and the faulting process dies alone.
                victim = toucher;
            }
            long footprint = victim.footprintPages();
            long refunded = w.release(victim);
            tally.kill(new OomKill(victim.pid, victim.name, Pages.toKiB(footprint)));
            w.events.accept(new GuestEvents.OomKilled(w.domid, victim.pid, victim.name, Pages.toKiB(footprint),
                    Pages.toKiB(refunded)));
            if (victim == toucher) {
                return false;
            }
        }
    }

    long unmappedCachePages() {
        long mapped = 0;
        for (Segment seg : segmentsByAge(false, null)) {
            mapped += seg.residentPages;
        }
        return Math.max(0, w.memory.filePages() - mapped);
    }

    /** Drops up to {@code wanted} pages of page cache; returns how many went. */
    long dropCache(long wanted, @Nullable Segment touched) {
        long dropped = Math.min(wanted, unmappedCachePages());
        w.memory.addFile(-dropped);
        for (Segment seg : segmentsByAge(false, touched)) {
            if (dropped >= wanted) {
                break;
            }
            long take = Math.min(wanted - dropped, seg.residentPages);
            seg.residentPages -= take;
            w.memory.addFile(-take);
            dropped += take;
        }
        return dropped;
    }

    /** Brings frontswap pages back into RAM, oldest segments first, while free pages last. */
    long frontswapShrink(long targetPages) {
        long wanted = Math.min(w.memory.frontswapPages() - Math.max(0, targetPages), w.memory.freePages());
        // a full guest (no free page) or a target at or above the count moves nothing, and once what
        // is wanted is back the walk stops: the segments are visited only while pages move
        if (wanted > 0) {
            for (Segment seg : w.segmentsInOrder()) {
                long take = Math.min(wanted, seg.frontswapPages);
                if (take <= 0) {
                    continue;
                }
                seg.frontswapPages -= take;
                seg.residentPages += take;
                w.memory.frontswapRelease(take);
                w.memory.addAnon(take);
                wanted -= take;
                if (wanted == 0) {
                    break;
                }
            }
        }
        return w.memory.frontswapPages();
    }

    private long swapOut(long wanted, Segment touched, Tally tally) {
        long done = 0;
        for (Segment seg : segmentsByAge(true, touched)) {
            long freeSlots = w.memory.swapTotalPages() - w.memory.swapUsedPages();
            if (done >= wanted || freeSlots <= 0) {
                break;
            }
            long take = Math.min(Math.min(wanted - done, seg.residentPages), freeSlots);
            long toTmem = w.memory.tmemEnabled() ? w.memory.frontswapPut(take) : 0;
            long toDevice = take - toTmem;
            seg.residentPages -= take;
            w.memory.addAnon(-take);
            seg.frontswapPages += toTmem;
            seg.deviceSwapPages += toDevice;
            w.memory.addDeviceSwap(toDevice);
            tally.frontswap += toTmem;
            tally.device += toDevice;
            done += take;
        }
        return done;
    }

    /**
     * Distinct resident segments of one class, least recently touched first (ties: creation order).
     * A guest has a handful of segments, so this marks the ones met instead of hashing them and
     * sorts by insertion (stable, as the list sort it stands for): a few dozen bytecodes rather than
     * a hash map's and TimSort's, which matters because reclaim inlines this three times and the
     * JIT compiles every copy.
     */
    private List<Segment> segmentsByAge(boolean swapBacked, @Nullable Segment exclude) {
        long mark = ++visits;
        List<Segment> list = new ArrayList<>();
        for (GuestProcess p : w.allProcesses()) {
            for (Mapping m : p.mappings.values()) {
                Segment seg = m.segment;
                if (seg != exclude && seg.kind.swapBacked() == swapBacked && seg.residentPages > 0
                        && seg.visitMark != mark) {
                    seg.visitMark = mark;
                    list.add(seg);
                }
            }
        }
        if (list.size() > INSERTION_SORT_UP_TO) {
            list.sort(BY_LAST_TOUCH);
            return list;
        }
        for (int i = 1; i < list.size(); i++) {
            Segment seg = list.get(i);
            int j = i - 1;
            while (j >= 0 && list.get(j).lastTouch > seg.lastTouch) {
                list.set(j + 1, list.get(j));
                j--;
            }
            list.set(j + 1, seg);
        }
        return list;
    }

    private static final int INSERTION_SORT_UP_TO = 32;
    private static final Comparator<Segment> BY_LAST_TOUCH = (a, b) -> Long.compare(a.lastTouch, b.lastTouch);

    private void publish(Tally tally) {
        if (tally.cache > 0) {
            w.events.accept(new GuestEvents.Reclaimed(w.domid, Pages.toKiB(tally.cache)));
        }
        if (tally.frontswap + tally.device > 0) {
            w.events.accept(new GuestEvents.SwappedOut(w.domid, Pages.toKiB(tally.frontswap),
                    Pages.toKiB(tally.device)));
        }
    }

    private static final class Tally {
        long cache;
        long frontswap;
        long device;
        /** Made at the first kill: most touches kill nobody, and a touch runs at every workload change. */
        private @Nullable List<OomKill> kills;

        void kill(OomKill k) {
            if (kills == null) {
                kills = new ArrayList<>();
            }
            kills.add(k);
        }

        List<OomKill> kills() {
            return kills == null ? List.of() : List.copyOf(kills);
        }
    }
}
