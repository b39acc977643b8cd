package org.xenemu.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;
import org.xenemu.balloon.BalloonStepped;
import org.xenemu.balloon.TargetChanged;
import org.xenemu.events.EventBus;
import org.xenemu.events.EventEnvelope;
import org.xenemu.selfballoon.SelfballoonFacade;
import org.xenemu.toolstack.DomainCreated;
import org.xenemu.toolstack.DomainDestroyed;
import org.xenemu.toolstack.balancer.BalancerRan;
import org.xenemu.toolstack.balancer.DomainCooperative;
import org.xenemu.toolstack.balancer.DomainStuck;
import org.xenemu.toolstack.balancer.DomainUncooperative;

/**
 * xenemu's own Prometheus metrics (docs/api.md "Dashboard and metrics"), sizes in KiB as the names
 * say. Nothing is computed when a scraper asks: every gauge reads a value the engines' outputs
 * already put there —
 * <ul>
 * <li>each {@link HostSampler} sample (every {@code sample-seconds} of virtual time) sets the host's
 *     and every domain's figures;</li>
 * <li>the event bus registers a domain's gauges when it is created ({@code DomainCreated}) and
 *     removes them when it is destroyed ({@code DomainDestroyed}), so a destroyed domain's series
 *     disappear at once; {@code TargetChanged} moves the target gauge as soon as the driver takes
 *     it; {@code BalloonStepped} and {@code OomKilled} count balloon steps and OOM kills;</li>
 * <li>{@code BalancerRan} counts balancer passes and sets γ; {@code DomainStuck},
 *     {@code DomainUncooperative} and {@code DomainCooperative} set a domain's flags at once (each
 *     sample sets them again from the balancer);</li>
 * <li>selfballoon's runs are the engine's own running total.</li>
 * </ul>
 * So the figures are those of the latest sample, at most {@code sample-seconds} of virtual time old
 * (in manual mode: as of the last advance that reached a sample).
 */
public final class HostMetrics implements MeterBinder, AutoCloseable {
    static final String DOMAIN_CURRENT = "xenemu.domain.current.kib";
    static final String DOMAIN_TARGET = "xenemu.domain.target.kib";
    static final String DOMAIN_COMMITTED_AS = "xenemu.domain.committed.as.kib";
    static final String DOMAIN_MEM_FREE = "xenemu.domain.mem.free.kib";
    static final String DOMAIN_STUCK = "xenemu.domain.stuck";
    static final String DOMAIN_UNCOOPERATIVE = "xenemu.domain.uncooperative";

    private final HostSampler sampler;
    private final EventBus events;
    private final SelfballoonFacade selfballoons;
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong free = new AtomicLong();
    private final AtomicLong xen = new AtomicLong();
    private final AtomicLong domainsOwned = new AtomicLong();
    private final AtomicLong tmem = new AtomicLong();
    private final AtomicLong pressure = new AtomicLong();
    private final AtomicLong reserved = new AtomicLong();
    private final AtomicLong domainCount = new AtomicLong();
    private final AtomicLong reclaimed = new AtomicLong();
    private final AtomicLong reclaimedMax = new AtomicLong();
    /** The balancer's latest γ as {@link Double#doubleToLongBits} (NaN: none yet). */
    private final AtomicLong gammaBits = new AtomicLong(Double.doubleToLongBits(Double.NaN));
    private final List<AtomicLong[]> nodes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<Integer, DomainMeters> domains = new ConcurrentHashMap<>();
    /** Guards the per-domain and per-node meters; a leaf lock (nothing is called while holding it but the registry). */
    private final Object meterLock = new Object();
    private final Consumer<Sample> listener = this::onSample;
    private volatile @Nullable MeterRegistry registry;
    private volatile @Nullable Counter balloonSteps;
    private volatile @Nullable Counter oomKills;
    private volatile @Nullable Counter balancerPasses;
    private volatile @Nullable Runnable unsubscribe;

    public HostMetrics(HostSampler sampler, EventBus events, SelfballoonFacade selfballoons) {
        this.sampler = sampler;
        this.events = events;
        this.selfballoons = selfballoons;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        synchronized (meterLock) {
            if (this.registry != null) {
                throw new IllegalStateException("xenemu's metrics are bound to one registry");
            }
            this.registry = registry;
        }
        hostGauge(registry, "xenemu.host.total.kib", total, "the host's memory");
        hostGauge(registry, "xenemu.host.free.kib", free, "free host memory");
        hostGauge(registry, "xenemu.host.xen.kib", xen, "memory Xen keeps for itself");
        hostGauge(registry, "xenemu.host.domains.kib", domainsOwned, "memory the domains own, dom0 included");
        hostGauge(registry, "xenemu.host.tmem.kib", tmem, "memory tmem holds for the domains (frontswap)");
        hostGauge(registry, "xenemu.host.pressure.kib", pressure, "memory held away by operator pressure");
        hostGauge(registry, "xenemu.host.reserved.kib", reserved, "memory held for toolstack reservations");
        hostGauge(registry, "xenemu.host.memory.reclaimed.kib", reclaimed,
                "rrdp-squeezed's memory_reclaimed: the sum of (dynamic-max - target) over the guests");
        hostGauge(registry, "xenemu.host.memory.reclaimed.max.kib", reclaimedMax,
                "rrdp-squeezed's memory_reclaimed_max: the sum of (target - dynamic-min) over the guests");
        Gauge.builder("xenemu.balancer.gamma", gammaBits, bits -> Double.longBitsToDouble(bits.get()))
                .description("squeezed's gamma in its latest iteration (NaN until it has run)").strongReference(true)
                .register(registry);
        Gauge.builder("xenemu.host.domains", domainCount, AtomicLong::doubleValue)
                .description("running domains, dom0 included").strongReference(true).register(registry);
        balloonSteps = Counter.builder("xenemu.balloon.steps")
                .description("balloon driver batches that moved pages, every domain, since the service started")
                .register(registry);
        oomKills = Counter.builder("xenemu.oom.kills")
                .description("processes the guests' OOM killers killed, since the service started").register(registry);
        balancerPasses = Counter.builder("xenemu.balancer.passes")
                .description("passes of the balancer (a squeezed iteration, a MoM decision), since the service started")
                .register(registry);
        FunctionCounter.builder("xenemu.selfballoon.runs", selfballoons, SelfballoonFacade::totalRuns)
                .description("runs of the guests' selfballoon workers, since the service started").register(registry);
        EventBus.Subscription subscription = events.subscribe(events.lastSeq(), this::onEvent);
        unsubscribe = subscription.cancel();
        sampler.addListener(listener);
    }

    /** Stops listening (the meters stay registered with their last values). */
    @Override
    public void close() {
        Runnable cancel = unsubscribe;
        if (cancel != null) {
            cancel.run();
            unsubscribe = null;
        }
        sampler.removeListener(listener);
    }

    private static void hostGauge(MeterRegistry registry, String name, AtomicLong value, String description) {
        Gauge.builder(name, value, AtomicLong::doubleValue).description(description + ", KiB")
                .strongReference(true).register(registry);
    }

    // ---- the engines' outputs ----

    private void onEvent(EventEnvelope e) {
        if (e.data() instanceof DomainCreated c) {
            DomainMeters m = register(c.domid(), c.name());
            m.current.set(c.memoryKiB());
        } else if (e.data() instanceof DomainDestroyed d) {
            unregister(d.domid());
        } else if (e.data() instanceof TargetChanged t) {
            DomainMeters m = domains.get(t.domid());
            if (m != null) {
                m.target.set(t.targetKiB());
            }
        } else if (e.data() instanceof BalloonStepped) {
            increment(balloonSteps);
        } else if (e.data() instanceof BalancerRan r) {
            increment(balancerPasses);
            if (r.gamma() != null) {
                gammaBits.set(Double.doubleToLongBits(r.gamma()));
            }
        } else if (e.data() instanceof DomainStuck d) {
            flag(d.domid(), m -> m.stuck.set(1));
        } else if (e.data() instanceof DomainUncooperative d) {
            flag(d.domid(), m -> m.uncooperative.set(1));
        } else if (e.data() instanceof DomainCooperative d) {
            flag(d.domid(), m -> m.uncooperative.set(0));
        } else if ("OomKilled".equals(e.type())) {
            increment(oomKills);
        }
    }

    private void flag(int domid, Consumer<DomainMeters> set) {
        DomainMeters m = domains.get(domid);
        if (m != null) {
            set.accept(m);
        }
    }

    private static void increment(@Nullable Counter counter) {
        if (counter != null) {
            counter.increment();
        }
    }

    private void onSample(Sample s) {
        total.setRelease(s.totalKiB());
        free.setRelease(s.freeKiB());
        xen.setRelease(s.xenKiB());
        domainsOwned.setRelease(s.domainsKiB());
        tmem.setRelease(s.tmemKiB());
        pressure.setRelease(s.pressureKiB());
        reserved.setRelease(s.reservedKiB());
        domainCount.setRelease(s.domainCount());
        reclaimed.setRelease(s.reclaimedKiB());
        reclaimedMax.setRelease(s.reclaimedMaxKiB());
        if (s.gamma().isPresent()) {
            gammaBits.setRelease(Double.doubleToLongBits(s.gamma().getAsDouble()));
        }
        nodeGauges(s.nodeCount());
        for (int n = 0; n < s.nodeCount(); n++) {
            nodes.get(n)[0].setRelease(s.node(n, Sample.TOTAL));
            nodes.get(n)[1].setRelease(s.node(n, Sample.FREE));
        }
        for (int i = 0; i < s.domainCount(); i++) {
            DomainMeters m = domains.get(s.domid(i));
            if (m == null || !m.name.equals(s.name(i))) {
                m = register(s.domid(i), s.name(i));
            }
            m.current.setRelease(s.currentKiB(i));
            m.target.setRelease(s.targetKiB(i));
            m.committedAs.setRelease(s.committedAsKiB(i));
            m.memFree.setRelease(s.memFreeKiB(i));
            m.stuck.setRelease(s.stuck(i) ? 1 : 0);
            m.uncooperative.setRelease(s.uncooperative(i) ? 1 : 0);
        }
        // a domain the sample does not have is gone (its DomainDestroyed normally removed it already);
        // every domain of the sample has meters now, so there is none other when the counts agree
        if (domains.size() != s.domainCount()) {
            for (Iterator<Integer> it = domains.keySet().iterator(); it.hasNext(); ) {
                int domid = it.next();
                if (s.indexOf(domid) < 0) {
                    unregister(domid);
                }
            }
        }
    }

    private void nodeGauges(int count) {
        if (nodes.size() >= count) {
            return;
        }
        synchronized (meterLock) {
            addNodeGauges(count);
        }
    }

    private void addNodeGauges(int count) {
        MeterRegistry r = registry;
        while (r != null && nodes.size() < count) {
            AtomicLong[] cells = {new AtomicLong(), new AtomicLong()};
            Tags tags = Tags.of("node", Integer.toString(nodes.size()));
            Gauge.builder("xenemu.host.node.total.kib", cells[0], AtomicLong::doubleValue).tags(tags)
                    .description("a NUMA node's memory, KiB").strongReference(true).register(r);
            Gauge.builder("xenemu.host.node.free.kib", cells[1], AtomicLong::doubleValue).tags(tags)
                    .description("a NUMA node's free memory, KiB").strongReference(true).register(r);
            nodes.add(cells);
        }
    }

    private DomainMeters register(int domid, String name) {
        synchronized (meterLock) {
            return registerLocked(domid, name);
        }
    }

    private DomainMeters registerLocked(int domid, String name) {
        unregisterLocked(domid);
        DomainMeters m = new DomainMeters(name);
        MeterRegistry r = registry;
        if (r != null) {
            Tags tags = Tags.of("domid", Integer.toString(domid), "name", name);
            m.meters.add(domainGauge(r, DOMAIN_CURRENT, tags, m.current, "memory the domain owns (actual)"));
            m.meters.add(domainGauge(r, DOMAIN_TARGET, tags, m.target, "the balloon driver's target"));
            m.meters.add(domainGauge(r, DOMAIN_COMMITTED_AS, tags, m.committedAs, "the guest's Committed_AS"));
            m.meters.add(domainGauge(r, DOMAIN_MEM_FREE, tags, m.memFree,
                    "the guest's MemFree (memory_internal_free)"));
            m.meters.add(Gauge.builder(DOMAIN_STUCK, m.stuck, AtomicLong::doubleValue).tags(tags).strongReference(true)
                    .description("1 when squeezed gave up on the domain in its current or latest run").register(r));
            m.meters.add(Gauge.builder(DOMAIN_UNCOOPERATIVE, m.uncooperative, AtomicLong::doubleValue).tags(tags)
                    .strongReference(true).description("1 while squeezed flags the domain memory/uncooperative")
                    .register(r));
        }
        domains.put(domid, m);
        return m;
    }

    private static Meter domainGauge(MeterRegistry r, String name, Tags tags, AtomicLong cell, String description) {
        ToDoubleFunction<AtomicLong> read = AtomicLong::doubleValue;
        return Gauge.builder(name, cell, read).tags(tags).description(description + ", KiB").strongReference(true)
                .register(r);
    }

    private void unregister(int domid) {
        synchronized (meterLock) {
            unregisterLocked(domid);
        }
    }

    private void unregisterLocked(int domid) {
        DomainMeters m = domains.remove(domid);
        MeterRegistry r = registry;
        if (m != null && r != null) {
            m.meters.forEach(r::remove);
        }
    }

    /** The domids that have gauges now. */
    List<Integer> domainsWithGauges() {
        return domains.keySet().stream().sorted().toList();
    }

    private static final class DomainMeters {
        final String name;
        final AtomicLong current = new AtomicLong();
        final AtomicLong target = new AtomicLong();
        final AtomicLong committedAs = new AtomicLong();
        final AtomicLong memFree = new AtomicLong();
        final AtomicLong stuck = new AtomicLong();
        final AtomicLong uncooperative = new AtomicLong();
        final List<Meter> meters = new ArrayList<>(6);

        DomainMeters(String name) {
            this.name = name;
        }
    }
}
