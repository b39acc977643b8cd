package org.xenemu.dashboard;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xenemu.caller.Caller;
import org.xenemu.clock.ScheduledTask;
import org.xenemu.clock.Scheduler;
import org.xenemu.host.Host;
import org.xenemu.toolstack.Domain;
import org.xenemu.toolstack.DomainRegistry;
import org.xenemu.toolstack.EmulatedHost;
import org.xenemu.toolstack.Toolstack;
import org.xenemu.toolstack.balancer.Balancer;
import org.xenemu.toolstack.balancer.BalancerView;
import org.xenemu.units.Pages;

/**
 * The live host over virtual time, for people and the metrics: an engine on the virtual clock that
 * samples the host every {@code sampleSeconds} virtual seconds into a bounded ring
 * ({@link SamplerSettings}). A sample reads, per NUMA node, Xen's pages, what the domains own, tmem,
 * pressure, reservations and free pages, and per domain its balloon target, what it owns per node,
 * Committed_AS, MemFree and whether the balancer finds it stuck or uncooperative; and the
 * balancer's γ and rrdp-squeezed's reclaimed figures (the toolstack's {@code GET /host} view):
 * O(nodes × domains), no engine state changed. In manual mode an advance takes one sample per
 * period on the way, but for the samples the ring could not keep at its end (it keeps the last
 * {@code history}): a 30-day advance costs {@code history} samples, not one per virtual second.
 *
 * <p>The door of the {@code dashboard} module: {@link #samples} (dom0 only, the history as
 * {@link SampleWindow}); listeners (the metrics) hear each sample as it is taken, under the engine
 * lock. Built only for the service's live host (see {@code config}); a scenario's private hosts
 * have none.
 */
public final class HostSampler {
    private static final Logger log = LoggerFactory.getLogger(HostSampler.class);
    static final String DOM0_ONLY = "the host's samples are dom0's";

    private final Scheduler scheduler;
    private final Host host;
    private final DomainRegistry registry;
    private final Toolstack toolstack;
    private final Balancer balancer;
    private final SamplerSettings settings;
    private final long periodJiffies;
    private final SampleRing ring;
    private final ScheduledTask task;
    private final List<Consumer<Sample>> listeners = new CopyOnWriteArrayList<>();
    private long taken;
    /**
     * rrdp-squeezed's figures read three xenstore keys per guest (~9 µs per guest and sample): they
     * are asked for again every {@link #RECLAIMED_SECONDS} virtual seconds, the period at which an
     * rrdd plugin reports, and kept in between (the toolstack reads the keys again only when the
     * store or the guests changed).
     */
    static final int RECLAIMED_SECONDS = 5;
    private final long reclaimedPeriodJiffies;
    private long reclaimedAtJiffies = -1;
    private long reclaimedKiB;
    private long reclaimedMaxKiB;

    HostSampler(Scheduler scheduler, Host host, DomainRegistry registry, Toolstack toolstack, Balancer balancer,
                SamplerSettings settings) {
        this.scheduler = scheduler;
        this.host = host;
        this.registry = registry;
        this.toolstack = toolstack;
        this.balancer = balancer;
        this.settings = settings;
        this.periodJiffies = scheduler.clock().secondsToJiffies(settings.sampleSeconds());
        this.reclaimedPeriodJiffies = scheduler.clock().secondsToJiffies(RECLAIMED_SECONDS);
        this.ring = new SampleRing(settings.history());
        this.task = scheduler.newTask("dashboard/sampler", this::run);
    }

    /** A sampler of {@code host}; not started. */
    public static HostSampler of(EmulatedHost host, SamplerSettings settings) {
        return new HostSampler(host.scheduler(), host.host(), host.registry(), host.toolstack(), host.balancer(),
                settings);
    }

    public SamplerSettings settings() {
        return settings;
    }

    /** Takes the first sample now (so a page opened before time moves sees the host) and arms the period. */
    public void start() {
        scheduler.locked(() -> {
            if (!task.isPending()) {
                run();
            }
        });
    }

    /**
     * After a snapshot restore (docs/snapshots.md): the host went to another instant, so the
     * history (of the timeline left behind) is dropped and sampling starts again at once; the
     * restore took the sampler's timer off the clock with every other.
     */
    public void restarted() {
        scheduler.locked(() -> {
            task.cancel();
            ring.clear();
            reclaimedAtJiffies = -1;
            run();
        });
    }

    /** No more samples; the history stays readable. */
    public void stop() {
        task.cancel();
    }

    public boolean isRunning() {
        return task.isPending();
    }

    private void run() {
        try {
            Sample sample = take();
            ring.add(sample);
            taken++;
            for (Consumer<Sample> listener : listeners) {
                listener.accept(sample);
            }
        } catch (RuntimeException e) {
            // a sampling bug must not stop the clock for the engines; the next period tries again
            log.error("the host sampler failed at jiffy {}", scheduler.clock().jiffies(), e);
        } finally {
            task.reschedule(nextDelayJiffies());
        }
    }

    /**
     * One period on — or, inside a manual advance whose end is announced, on to the first sample
     * the ring will still hold when the advance ends: the ones before it would be pushed out before
     * anyone could read them (the advance holds the clock until its end), so they are not taken.
     * The kept samples fall at the same jiffies as without the skip.
     */
    private long nextDelayJiffies() {
        long now = scheduler.clock().jiffies();
        long next = now + periodJiffies;
        long end = scheduler.advanceEndJiffy();
        if (end > next) {
            long lastSample = next + (end - next) / periodJiffies * periodJiffies;
            long firstKept = lastSample - (settings.history() - 1L) * periodJiffies;
            if (firstKept > next) {
                return firstKept - now;
            }
        }
        return periodJiffies;
    }

    /** Reads the host now: call under the engine lock. */
    Sample take() {
        int nodes = host.nodeCount();
        long[] node = new long[nodes * Sample.NODE_FIELDS];
        for (int n = 0; n < nodes; n++) {
            int base = n * Sample.NODE_FIELDS;
            node[base + Sample.TOTAL] = Pages.toKiB(host.totalPages(n));
            node[base + Sample.XEN] = Pages.toKiB(host.xenPages(n));
            node[base + Sample.TMEM] = Pages.toKiB(host.nodeTmemPages(n));
            node[base + Sample.PRESSURE] = Pages.toKiB(host.pressurePages(n));
            node[base + Sample.RESERVED] = Pages.toKiB(host.reservedPages(n));
            node[base + Sample.FREE] = Pages.toKiB(host.freePages(n));
        }
        List<Domain> domains = registry.all();
        // the balancer's view once per sample (its last run's stuck domains, the flagged ones now)
        BalancerView.LastRun last = balancer.view(Caller.DOM0).last();
        Set<Integer> stuck = last == null ? Set.of() : new HashSet<>(last.stuck());
        Set<Integer> uncooperative = last == null ? Set.of() : new HashSet<>(last.uncooperative());
        int stride = Sample.DOMAIN_FIXED_FIELDS + nodes;
        int[] domids = new int[domains.size()];
        String[] names = new String[domains.size()];
        long[] figures = new long[domains.size() * stride];
        for (int i = 0; i < domains.size(); i++) {
            Domain d = domains.get(i);
            domids[i] = d.domid();
            names[i] = d.name();
            int base = i * stride;
            figures[base + Sample.TARGET] = d.balloon().targetKiB();
            figures[base + Sample.COMMITTED_AS] = Pages.toKiB(d.kernel().committedAsPages());
            figures[base + Sample.MEM_FREE] = Pages.toKiB(d.kernel().freePages());
            figures[base + Sample.STUCK] = stuck.contains(d.domid()) ? 1 : 0;
            figures[base + Sample.UNCOOPERATIVE] = uncooperative.contains(d.domid()) ? 1 : 0;
            long[] owned = d.pagesPerNode();
            for (int n = 0; n < nodes; n++) {
                long kib = Pages.toKiB(owned[n]);
                figures[base + Sample.DOMAIN_FIXED_FIELDS + n] = kib;
                node[n * Sample.NODE_FIELDS + Sample.DOMAINS] += kib;
            }
        }
        long now = scheduler.clock().jiffies();
        if (reclaimedAtJiffies < 0 || now - reclaimedAtJiffies >= reclaimedPeriodJiffies || now < reclaimedAtJiffies) {
            Toolstack.Reclaimed rrdp = toolstack.reclaimed(Caller.DOM0);
            reclaimedKiB = rrdp.reclaimedKiB();
            reclaimedMaxKiB = rrdp.reclaimedMaxKiB();
            reclaimedAtJiffies = now;
        }
        return new Sample(now, nodes, node, domids, names, figures, balancer.lastGamma().orElse(Double.NaN),
                reclaimedKiB, reclaimedMaxKiB);
    }

    /** The samples taken after jiffy {@code sinceJiffies} (negative: all held), columnar; dom0 only (EACCES). */
    public SampleWindow samples(Caller caller, long sinceJiffies) {
        return samples(caller, sinceJiffies, -1);
    }

    /**
     * As {@link #samples(Caller, long)}; with {@code fleetAbove} ≥ 0 and more guests in the window
     * than that, their percentiles instead of their tracks ({@link SampleWindow#fleet()}).
     */
    public SampleWindow samples(Caller caller, long sinceJiffies, int fleetAbove) {
        caller.verifyDom0(DOM0_ONLY);
        SampleRing.Read read = ring.read(sinceJiffies);
        return SampleWindow.of(scheduler.clock().hz(), settings, read.oldest(), read.latest(), read.after(),
                host.nodeCount(), fleetAbove);
    }

    /** The newest sample, if any was taken. */
    public Optional<Sample> latest() {
        return ring.latest();
    }

    /** Samples taken since start (the ring keeps the last {@code history} of them). */
    public long samplesTaken() {
        return scheduler.locked(() -> taken);
    }

    /**
     * Hears every sample from now on, under the engine lock; first hears one taken at once (not
     * kept in the ring), so it starts from the present host.
     */
    void addListener(Consumer<Sample> listener) {
        scheduler.locked(() -> {
            listener.accept(take());
            listeners.add(listener);
        });
    }

    void removeListener(Consumer<Sample> listener) {
        listeners.remove(listener);
    }
}
