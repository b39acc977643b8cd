package org.xenemu.guest.workload;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.events.XenEvent;
import org.xenemu.guest.workload.WorkloadViews.Mapped;
import org.xenemu.guest.workload.WorkloadViews.MmapRequest;
import org.xenemu.guest.workload.WorkloadViews.ProcessView;
import org.xenemu.guest.workload.WorkloadViews.TouchReport;
import org.xenemu.units.Pages;

/**
 * The processes of one guest and the overcommit accounting of their mappings (
 * docs/memory.md "Overcommit accounting"; seed overcommit-accounting "Status": mmap, mprotect, mremap, brk,
 * munmap, fork, shmfs). Every charge goes through {@link Overcommit#verifyAdmission}; a refused
 * request changes nothing and publishes {@link GuestEvents.MmapRefused}. Touching pages is done by
 * {@link Reclaimer}. Not thread-safe: callers hold the scheduler's engine lock.
 *
 * <p>Choices where Linux and the short spec differ (the real system wins): mprotect to read-only
 * refunds nothing (the mapping keeps {@code VM_ACCOUNT}); mremap changes the charge of private
 * accounted mappings only (a shared anonymous mapping's charge is its shm object's, fixed at
 * creation); lengths are rounded up to whole pages as {@code PAGE_ALIGN} does.
 */
public final class Workload {
    /** {@code TASK_SIZE} on x86-64: a longer mapping cannot exist (ENOMEM). */
    static final long MAX_MAPPING_KIB = (1L << 47) / 1024;
    private static final int FIRST_PID = 100;

    final int domid;
    final GuestMemory memory;
    final Overcommit overcommit;
    final boolean nommu;
    final Consumer<XenEvent> events;
    final Map<Integer, GuestProcess> processes = new LinkedHashMap<>();
    final Reclaimer reclaimer;
    private int nextPid = FIRST_PID;
    private long nextMappingId = 1;
    long committedPages;
    /**
     * Every mapping's segment in walk order (processes, then each one's mappings, in creation
     * order), or null after the processes or their mappings changed ({@link #shapeChanged}): the
     * frontswap shrink, run at every selfballoon interval, reads the segments without walking two
     * levels of maps through a thousand guests' cold objects.
     */
    private Segment @Nullable [] segmentsInOrder;

    public Workload(int domid, GuestMemory memory, Overcommit overcommit, boolean nommu, Consumer<XenEvent> events) {
        this.domid = domid;
        this.memory = memory;
        this.overcommit = overcommit;
        this.nommu = nommu;
        this.events = events;
        this.reclaimer = new Reclaimer(this);
    }

    // ---- snapshots ----

    /** The workload now, for a snapshot (under the engine lock). */
    public WorkloadState capture() {
        Map<Segment, Integer> index = new IdentityHashMap<>();
        List<WorkloadState.SegmentState> segments = new ArrayList<>();
        List<WorkloadState.ProcessState> saved = new ArrayList<>();
        for (GuestProcess p : processes.values()) {
            List<WorkloadState.MappingState> mappings = new ArrayList<>();
            for (Mapping m : p.mappings.values()) {
                Segment seg = m.segment;
                Integer i = index.get(seg);
                if (i == null) {
                    i = segments.size();
                    index.put(seg, i);
                    segments.add(new WorkloadState.SegmentState(seg.kind, seg.shared, seg.sizePages, seg.chargePages,
                            seg.residentPages, seg.frontswapPages, seg.deviceSwapPages, seg.lastTouch));
                }
                mappings.add(new WorkloadState.MappingState(m.id, m.kind, m.shared, m.writable, m.noreserve, m.heap,
                        m.sizePages, m.ownChargePages, i));
            }
            saved.add(new WorkloadState.ProcessState(p.pid, p.name, mappings, p.heap == null ? null : p.heap.id));
        }
        Overcommit o = overcommit;
        return new WorkloadState(nextPid, nextMappingId, committedPages, reclaimer.touchSeq(),
                new WorkloadState.OvercommitState(o.mode(), o.ratio(), o.kbytes(), o.adminReserveKiB(),
                        o.userReserveKiB()), segments, saved);
    }

    /**
     * A workload as it was saved, on {@code memory}; EINVAL when the state contradicts itself (a
     * mapping naming no segment, a pid or mapping id twice or beyond the counters, a negative size).
     */
    public static Workload restored(int domid, GuestMemory memory, boolean nommu, Consumer<XenEvent> events,
                                    WorkloadState s) {
        WorkloadState.OvercommitState o = s.overcommit();
        Workload w = new Workload(domid, memory, new Overcommit(o.mode(), o.ratio(), o.kbytes(), o.adminReserveKiB(),
                o.userReserveKiB()), nommu, events);
        String where = "workload of domain " + domid;
        List<Segment> segments = new ArrayList<>();
        for (WorkloadState.SegmentState g : s.segments()) {
            if (g.sizePages() < 0 || g.chargePages() < 0 || g.residentPages() < 0 || g.frontswapPages() < 0
                    || g.deviceSwapPages() < 0 || g.lastTouch() < 0 || g.lastTouch() > s.touchSeq()) {
                throw XenException.invalid(where + ": segment " + segments.size() + " has an impossible count");
            }
            Segment seg = new Segment(g.kind(), g.shared(), g.sizePages(), g.chargePages());
            seg.residentPages = g.residentPages();
            seg.frontswapPages = g.frontswapPages();
            seg.deviceSwapPages = g.deviceSwapPages();
            seg.lastTouch = g.lastTouch();
            seg.refs = 0;
            segments.add(seg);
        }
        Set<Long> ids = new HashSet<>();
        for (WorkloadState.ProcessState ps : s.processes()) {
            if (ps.pid() < FIRST_PID || ps.pid() >= s.nextPid() || w.processes.containsKey(ps.pid())) {
                throw XenException.invalid(where + ": pid " + ps.pid() + " is repeated or outside " + FIRST_PID + ".."
                        + (s.nextPid() - 1));
            }
            GuestProcess p = new GuestProcess(ps.pid(), ps.name());
            for (WorkloadState.MappingState ms : ps.mappings()) {
                if (ms.segment() < 0 || ms.segment() >= segments.size()) {
                    throw XenException.invalid(where + ": mapping " + ms.id() + " names segment " + ms.segment()
                            + ", there are " + segments.size());
                }
                if (ms.id() < 1 || ms.id() >= s.nextMappingId() || !ids.add(ms.id())) {
                    throw XenException.invalid(where + ": mapping id " + ms.id() + " is repeated or outside 1.."
                            + (s.nextMappingId() - 1));
                }
                if (ms.sizePages() <= 0 || ms.ownChargePages() < 0) {
                    throw XenException.invalid(where + ": mapping " + ms.id() + " has an impossible size or charge");
                }
                Segment seg = segments.get(ms.segment());
                seg.refs++;
                Mapping m = new Mapping(ms.id(), ms.kind(), ms.shared(), ms.writable(), ms.noreserve(), ms.heap(),
                        ms.sizePages(), seg);
                m.ownChargePages = ms.ownChargePages();
                p.mappings.put(m.id, m);
            }
            if (ps.heapMapping() != null) {
                Mapping heap = p.mappings.get(ps.heapMapping());
                if (heap == null) {
                    throw XenException.invalid(where + ": process " + ps.pid() + " names heap mapping "
                            + ps.heapMapping() + ", which it does not have");
                }
                p.heap = heap;
            }
            w.processes.put(p.pid, p);
        }
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).refs == 0) {
                throw XenException.invalid(where + ": segment " + i + " belongs to no mapping");
            }
        }
        if (s.nextPid() < FIRST_PID || s.nextMappingId() < 1 || s.committedPages() < 0) {
            throw XenException.invalid(where + ": impossible counters");
        }
        long anon = 0;
        long device = 0;
        long frontswap = 0;
        long committed = 0;
        for (Segment seg : segments) {
            anon += seg.kind.swapBacked() ? seg.residentPages : 0;
            device += seg.deviceSwapPages;
            frontswap += seg.frontswapPages;
            committed += seg.chargePages;
        }
        for (GuestProcess p : w.processes.values()) {
            for (Mapping m : p.mappings.values()) {
                committed += m.ownChargePages;
            }
        }
        if (anon != memory.anonPages() || device != memory.deviceSwapPages() || frontswap != memory.frontswapPages()) {
            throw XenException.invalid(where + ": pages not conserved — its segments hold " + anon + " anonymous, "
                    + device + " swapped and " + frontswap + " frontswap pages, its kernel counts "
                    + memory.anonPages() + ", " + memory.deviceSwapPages() + " and " + memory.frontswapPages());
        }
        if (committed != s.committedPages()) {
            throw XenException.invalid(where + ": Committed_AS " + s.committedPages() + " is not the sum of its charges "
                    + committed);
        }
        w.nextPid = s.nextPid();
        w.nextMappingId = s.nextMappingId();
        w.committedPages = s.committedPages();
        w.reclaimer.restoreTouchSeq(s.touchSeq());
        return w;
    }

    public Overcommit overcommit() {
        return overcommit;
    }

    public boolean nommu() {
        return nommu;
    }

    /** {@code Committed_AS} in pages: the exact sum of every charge. */
    public long committedPages() {
        return committedPages;
    }

    /** Page cache no mapping holds (files unmapped, or cache the kernel had anyway): dropped first. */
    public long unmappedCachePages() {
        return reclaimer.unmappedCachePages();
    }

    /** The balloon takes page cache: unmapped cache first, then mapped file pages, oldest first. */
    public void dropCacheForBalloon(long pages) {
        reclaimer.dropCache(pages, null);
    }

    /** frontswap_shrink: swaps frontswap pages back in while free memory allows; returns what is left. */
    public long frontswapShrink(long targetPages) {
        return reclaimer.frontswapShrink(targetPages);
    }

    public long commitLimitPages() {
        return overcommit.commitLimitPages(memory.totalramPages(), memory.swapTotalPages());
    }

    public int processCount() {
        return processes.size();
    }

    public List<ProcessView> processes() {
        return processes.values().stream().map(ProcessView::of).toList();
    }

    public ProcessView process(int pid) {
        return ProcessView.of(find(pid));
    }

    public int createProcess(String name) {
        GuestProcess p = new GuestProcess(nextPid++, name);
        processes.put(p.pid, p);
        shapeChanged();
        return p.pid;
    }

    /** exit: unmaps everything and refunds every charge. */
    public void exit(int pid) {
        release(find(pid));
    }

    public Mapped mmap(int pid, MmapRequest req, boolean privileged) {
        return mmap(pid, req, privileged, "mmap");
    }

    /** mmap on behalf of {@code op} (brk's first growth maps the heap): refusals are reported as that op. */
    Mapped mmap(int pid, MmapRequest req, boolean privileged, String op) {
        GuestProcess p = find(pid);
        long pages = pagesOf(req.kib(), op);
        if (nommu) {
            NoMmuRules.verifyMmap(this, p, req);
        }
        boolean noreserve = req.noreserve() && overcommit.mode() != Overcommit.NEVER;
        long charge = ChargeRules.chargePages(req.kind(), req.shared(), req.writable(), req.noreserve(),
                overcommit.mode(), pages);
        admit(p, op, req.kib(), charge, p.totalVmPages(), privileged);
        Segment seg = new Segment(req.kind(), req.shared(), pages, req.shared() ? charge : 0);
        Mapping m = new Mapping(nextMappingId++, req.kind(), req.shared(), req.writable(), noreserve, false, pages,
                seg);
        m.ownChargePages = req.shared() ? 0 : charge;
        p.mappings.put(m.id, m);
        shapeChanged();
        committedPages += charge;
        return new Mapped(m.id, Pages.toKiB(charge));
    }

    public void munmap(int pid, long id) {
        GuestProcess p = find(pid);
        Mapping m = findMapping(p, id);
        p.mappings.remove(id);
        shapeChanged();
        if (m == p.heap) {
            p.heap = null;
        }
        unmap(m);
    }

    /** mprotect: making a private, not yet accounted mapping writable charges its size. */
    public void mprotect(int pid, long id, boolean writable, boolean privileged) {
        GuestProcess p = find(pid);
        Mapping m = findMapping(p, id);
        if (nommu) {
            NoMmuRules.verifyMprotect();
        }
        if (writable && !m.writable && !m.shared && m.ownChargePages == 0 && !m.noreserve) {
            admit(p, "mprotect", Pages.toKiB(m.sizePages), m.sizePages, p.totalVmPages(), privileged);
            m.ownChargePages = m.sizePages;
            committedPages += m.sizePages;
        }
        m.writable = writable;
    }

    /**
     * PATCH of a mapping: mprotect and/or mremap as one request that changes nothing when it fails
     * (mprotect is applied first and undone if the mremap is refused).
     */
    public void change(int pid, long id, @Nullable Boolean writable, @Nullable Long kib, boolean privileged) {
        GuestProcess p = find(pid);
        Mapping m = findMapping(p, id);
        if (writable == null && kib == null) {
            throw XenException.invalid("give writable and/or kib");
        }
        if (kib != null) {
            pagesOf(kib, "mremap");
        }
        boolean oldWritable = m.writable;
        long oldCharge = m.ownChargePages;
        long oldCommitted = committedPages;
        if (writable != null) {
            mprotect(pid, id, writable, privileged);
        }
        try {
            if (kib != null) {
                mremap(pid, id, kib, privileged);
            }
        } catch (XenException e) {
            m.writable = oldWritable;
            m.ownChargePages = oldCharge;
            committedPages = oldCommitted;
            throw e;
        }
    }

    /** mremap: an accounted private mapping is charged for growth and refunded for shrinking. */
    public void mremap(int pid, long id, long kib, boolean privileged) {
        GuestProcess p = find(pid);
        Mapping m = findMapping(p, id);
        long pages = pagesOf(kib, "mremap");
        resize(p, m, pages, "mremap", privileged);
    }

    /** brk: the heap is a private writable anonymous mapping; growth is charged, shrinking refunds. */
    public void brk(int pid, long kib, boolean privileged) {
        Heap.brk(this, find(pid), kib, privileged);
    }

    /** fork: the child shares shared mappings and gets its own copy of private ones, each accounted one charged again. */
    public int fork(int pid, boolean privileged) {
        GuestProcess parent = find(pid);
        if (nommu) {
            NoMmuRules.verifyFork();
        }
        GuestProcess child = Forker.fork(this, parent, nextPid, privileged);
        nextPid++;
        processes.put(child.pid, child);
        shapeChanged();
        return child.pid;
    }

    long nextMappingId() {
        return nextMappingId++;
    }

    /** Processes or mappings were added, removed or replaced: {@link #segmentsInOrder()} is made again. */
    void shapeChanged() {
        segmentsInOrder = null;
    }

    /** Every mapping's segment, in walk order (a shared segment once per mapping of it). */
    Segment[] segmentsInOrder() {
        Segment[] order = segmentsInOrder;
        if (order == null) {
            List<Segment> all = new ArrayList<>();
            for (GuestProcess p : processes.values()) {
                for (Mapping m : p.mappings.values()) {
                    all.add(m.segment);
                }
            }
            order = all.toArray(new Segment[0]);
            segmentsInOrder = order;
        }
        return order;
    }

    public TouchReport touch(int pid, long id, long kib) {
        GuestProcess p = find(pid);
        Mapping m = findMapping(p, id);
        if (kib < 0 || kib > MAX_MAPPING_KIB) {
            throw XenException.invalid("touch size out of range");
        }
        return reclaimer.touch(p, m, Pages.fromKiBRoundingUp(kib));
    }

    // ---- internals shared with Reclaimer ----

    void resize(GuestProcess p, Mapping m, long pages, String op, boolean privileged) {
        if (nommu) {
            NoMmuRules.verifyResize(this, p, m, pages, op);
        }
        long delta = pages - m.sizePages;
        boolean accounted = !m.shared && m.ownChargePages > 0 || m.heap;
        if (accounted && delta > 0) {
            admit(p, op, Pages.toKiB(pages), delta, p.totalVmPages(), privileged);
        }
        if (accounted) {
            m.ownChargePages += delta;
            committedPages += delta;
        }
        m.sizePages = pages;
        if (!m.shared) {
            m.segment.sizePages = nommu ? Math.max(m.segment.sizePages, pages) : pages;
            reclaimer.trim(m.segment, pages);
        }
    }

    void admit(GuestProcess p, String op, long kib, long charge, long processVmPages, boolean privileged) {
        try {
            overcommit.verifyAdmission(charge, committedPages, memory.totalramPages(), memory.swapTotalPages(),
                    processVmPages, privileged);
        } catch (XenException e) {
            events.accept(new GuestEvents.MmapRefused(domid, p.pid, op, kib, Pages.toKiB(charge), e.errno().name(),
                    e.getMessage()));
            throw e;
        }
    }

    void refuse(GuestProcess p, String op, long kib, long charge, Errno errno, String reason) {
        events.accept(new GuestEvents.MmapRefused(domid, p.pid, op, kib, Pages.toKiB(charge), errno.name(), reason));
        throw XenException.of(errno, reason);
    }

    /** Releases every mapping of {@code p} and forgets it; returns the charge refunded in pages. */
    long release(GuestProcess p) {
        long before = committedPages;
        for (Mapping m : new ArrayList<>(p.mappings.values())) {
            unmap(m);
        }
        p.mappings.clear();
        p.heap = null;
        processes.remove(p.pid);
        shapeChanged();
        return before - committedPages;
    }

    private void unmap(Mapping m) {
        committedPages -= m.ownChargePages;
        Segment seg = m.segment;
        if (--seg.refs > 0) {
            return;
        }
        committedPages -= seg.chargePages;
        if (seg.kind.swapBacked()) {
            memory.addAnon(-seg.residentPages);
        }
        // file pages stay in the page cache after munmap, as in Linux: they become unmapped cache
        memory.frontswapRelease(seg.frontswapPages);
        memory.addDeviceSwap(-seg.deviceSwapPages);
        seg.residentPages = 0;
        seg.frontswapPages = 0;
        seg.deviceSwapPages = 0;
    }

    private static long pagesOf(long kib, String op) {
        if (kib <= 0) {
            throw XenException.invalid(op + " of length 0 or less");
        }
        if (kib > MAX_MAPPING_KIB) {
            throw XenException.noMemory(op + " longer than the address space");
        }
        return Pages.fromKiBRoundingUp(kib);
    }

    GuestProcess find(int pid) {
        GuestProcess p = processes.get(pid);
        if (p == null) {
            throw XenException.notFound("no process " + pid + " in domain " + domid);
        }
        return p;
    }

    Mapping findMapping(GuestProcess p, long id) {
        Mapping m = p.mappings.get(id);
        if (m == null) {
            throw XenException.notFound("process " + p.pid + " has no mapping " + id);
        }
        return m;
    }

    Collection<GuestProcess> allProcesses() {
        return processes.values();
    }
}
