package org.xenemu.toolstack.balancer;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntToLongFunction;
import java.util.function.LongSupplier;
import org.xenemu.host.Host;
import org.xenemu.units.Pages;

/**
 * squeezed's Xen side (sx.ml {@code make_host}, {@code execute_action}, {@code set_maxmem_noexn}
 * and the uncooperative flag) on xenemu's hypervisor and xenstore: the {@link BalancerHost} port the pure
 * decider drives.
 *
 * <p>Each {@link #snapshot()} is fresh: the {@link DomainCache} first applies the watch events
 * already delivered, then the domains it knows (every domain but dom0), with
 * <ul>
 *   <li>actual = tot_pages − {@code memory/memory-offset}. squeezed calibrates the offset once, when
 *       it first sees a booted domain, as {@code tot_pages − target}. A xenemu guest at rest holds
 *       exactly its target's pages, less the video memory for HVM (the Linux driver's
 *       {@code target_diff}), and has no shadow or device-model pages; so the calibration is 0 for
 *       PV and −videoram for HVM. That value is written, rather than measured, because the policy
 *       may be switched on while a guest is away from its target, which squeezed — started at
 *       boot — never sees. An offset already in xenstore is honoured.</li>
 *   <li>maxmem in target units = Xen's max_pages − memory-offset; xen_max_offset is 0 for every type
 *       (xenemu's HVM guests have no extra pages beyond their RAM, squeezed's 1 MiB).</li>
 *   <li>booted = {@code control/feature-balloon} or {@code data/updated} present; a domain that has
 *       not booted is pinned at its maxmem without a balloon and its
 *       {@code max(0, initial-reservation − actual)} is taken from free; without an
 *       initial-reservation it is left out (squeezed's ENOENT). A booted domain without
 *       {@code memory/target} is left out; without either dynamic key both are its target.</li>
 *   <li>free = the hypervisor's free pages (reservations that are ready hold their pages out of
 *       free already; xenemu does not scrub).</li>
 * </ul>
 * and squeezed's duties on every poll: the uncooperative table ({@link UncooperativeTracker}), and
 * lowering the maxmem of every balloon-capable domain whose target is below it.
 *
 * <p>maxmem: Xen's domctl lets max_pages ratchet below tot_pages (no allocation until the domain
 * is under it again); xenemu's {@link Host} keeps max_pages ≥ owned (its conservation invariant,
 * and {@code xl mem-max}'s EINVAL), so a maxmem below what the domain holds is set to what it
 * holds, and lowered further on the next polls as the guest shrinks. The guest sees the same: it
 * cannot grow.
 */
final class XenBalancerHost implements BalancerHost {
    static final String TARGET = "memory/target";
    static final String OFFSET = "memory/memory-offset";
    static final String UNCOOPERATIVE = "memory/uncooperative";

    /** What the integration learns from each poll and each write. */
    interface Listener {
        void targetWritten(int domid, long targetKiB);

        void uncooperative(int domid, long targetKiB, long actualKiB);

        void cooperative(int domid);
    }

    private final Host host;
    private final DomainCache cache;
    private final LongSupplier nowNanos;
    private final IntToLongFunction structuralOffsetKiB;
    private final Listener listener;
    private final UncooperativeTracker uncooperative = new UncooperativeTracker();
    private HostSnapshot lastSnapshot = new HostSnapshot(0, List.of());
    private long snapshots;
    private long targetWrites;
    private long maxmemWrites;

    XenBalancerHost(Host host, DomainCache cache, LongSupplier nowNanos, IntToLongFunction structuralOffsetKiB,
                    Listener listener) {
        this.host = host;
        this.cache = cache;
        this.nowNanos = nowNanos;
        this.structuralOffsetKiB = structuralOffsetKiB;
        this.listener = listener;
    }

    @Override
    public HostSnapshot snapshot() {
        snapshots++;
        cache.catchUp();
        long free = Pages.toKiB(host.freePages());
        long notBooted = 0;
        List<BalancedDomain> domains = new ArrayList<>(cache.domains().size());
        for (int domid : cache.domains()) {
            if (!host.hasDomain(domid)) {
                continue;
            }
            boolean canBalloon = cache.exists(domid, "control/feature-balloon");
            boolean booted = canBalloon || cache.exists(domid, "data/updated");
            long offset = booted ? offsetKiB(domid) : 0;
            long actual = Pages.toKiB(host.ownedPages(domid)) - offset;
            if (!booted) {
                OptionalLong initial = cache.number(domid, "memory/initial-reservation");
                if (initial.isEmpty()) {
                    continue;
                }
                notBooted += Math.max(0, initial.getAsLong() - actual);
                long maxmem = Pages.toKiB(host.maxPages(domid));
                domains.add(new BalancedDomain(domid, false, maxmem, maxmem, maxmem, maxmem, maxmem,
                        BalancedDomain.SQUEEZED_INACCURACY_KIB));
                continue;
            }
            OptionalLong target = cache.number(domid, TARGET);
            if (target.isEmpty()) {
                continue;
            }
            long t = target.getAsLong();
            OptionalLong min = cache.number(domid, "memory/dynamic-min");
            OptionalLong max = cache.number(domid, "memory/dynamic-max");
            boolean ranged = min.isPresent() && max.isPresent();
            if (canBalloon && t < Pages.toKiB(host.maxPages(domid)) - offset) {
                setMaxmemKiB(domid, t);     // make_host's "always safe" lowering
            }
            long maxmem = Pages.toKiB(host.maxPages(domid)) - offset;
            domains.add(new BalancedDomain(domid, canBalloon, ranged ? min.getAsLong() : t, ranged ? max.getAsLong() : t,
                    t, actual, maxmem, BalancedDomain.SQUEEZED_INACCURACY_KIB));
        }
        HostSnapshot snapshot = new HostSnapshot(free - notBooted, domains);
        updateUncooperative(snapshot);
        lastSnapshot = snapshot;
        return snapshot;
    }

    /** sx.ml {@code update_cooperative_flags}: write {@code memory/uncooperative} empty, or remove it. */
    private void updateUncooperative(HostSnapshot snapshot) {
        Set<Integer> flagged = new TreeSet<>();
        for (BalancedDomain d : snapshot.domains()) {
            if (cache.exists(d.domid(), UNCOOPERATIVE)) {
                flagged.add(d.domid());
            }
        }
        for (UncooperativeTracker.Change c : uncooperative.observe(snapshot, nowNanos.getAsLong(), flagged)) {
            if (c.action() == UncooperativeTracker.Action.WRITE_EMPTY) {
                cache.write(c.domid(), UNCOOPERATIVE, "");
                BalancedDomain d = snapshot.domain(c.domid()).orElseThrow();
                listener.uncooperative(c.domid(), d.targetKiB(), d.actualKiB());
            } else {
                cache.remove(c.domid(), UNCOOPERATIVE);
                listener.cooperative(c.domid());
            }
        }
    }

    /** The domain's memory-offset, calibrating (writing) it the first time, as squeezed does. */
    private long offsetKiB(int domid) {
        OptionalLong offset = cache.number(domid, OFFSET);
        if (offset.isPresent()) {
            return offset.getAsLong();
        }
        long calibrated = structuralOffsetKiB.applyAsLong(domid);
        cache.write(domid, OFFSET, Long.toString(calibrated));
        return calibrated;
    }

    @Override
    public void setMaxmemKiB(int domid, long maxmemKiB) {
        if (!host.hasDomain(domid)) {
            return;
        }
        long offset = cache.number(domid, OFFSET).orElse(0);
        long pages = Math.max(Pages.fromKiB(Math.max(0, maxmemKiB + offset)), host.ownedPages(domid));
        if (pages != host.maxPages(domid)) {
            host.setMaxPages(domid, pages);
            maxmemWrites++;
        }
    }

    @Override
    public void setTargetKiB(int domid, long targetKiB) {
        if (!host.hasDomain(domid) || cache.number(domid, TARGET).equals(OptionalLong.of(targetKiB))) {
            return;
        }
        cache.write(domid, TARGET, Long.toString(targetKiB));
        targetWrites++;
        listener.targetWritten(domid, targetKiB);
    }

    /** The latest snapshot taken (the one the latest iteration decided on). */
    HostSnapshot lastSnapshot() {
        return lastSnapshot;
    }

    boolean isUncooperative(int domid) {
        return uncooperative.isUncooperative(domid, nowNanos.getAsLong());
    }

    long snapshots() {
        return snapshots;
    }

    long targetWrites() {
        return targetWrites;
    }

    long maxmemWrites() {
        return maxmemWrites;
    }

    // ---- snapshots ----

    BalancerState.Port capture() {
        return new BalancerState.Port(uncooperative.capture(), lastSnapshot, snapshots, targetWrites, maxmemWrites);
    }

    void restore(BalancerState.Port saved) {
        uncooperative.restore(saved.lastCooperativeNanos());
        lastSnapshot = saved.lastSnapshot();
        snapshots = saved.snapshots();
        targetWrites = saved.targetWrites();
        maxmemWrites = saved.maxmemWrites();
    }
}
