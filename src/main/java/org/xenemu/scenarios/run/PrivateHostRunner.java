package org.xenemu.scenarios.run;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.xenemu.caller.Caller;
import org.xenemu.clock.ClockMode;
import org.xenemu.error.XenException;
import org.xenemu.host.AllocationPolicy;
import org.xenemu.scenarios.Cancellation;
import org.xenemu.scenarios.ProgressListener;
import org.xenemu.scenarios.ScenarioRunner;
import java.util.Iterator;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.xenemu.balloon.BalloonFault;
import org.xenemu.scenarios.document.Action;
import org.xenemu.scenarios.document.BalancerPlan;
import org.xenemu.scenarios.document.DomainPlan;
import org.xenemu.scenarios.document.FaultPlan;
import org.xenemu.scenarios.document.HostPlan;
import org.xenemu.scenarios.document.Scenario;
import org.xenemu.scenarios.document.Variant;
import org.xenemu.scenarios.series.DomainSample;
import org.xenemu.scenarios.series.HostSample;
import org.xenemu.scenarios.series.SeriesRecorder;
import org.xenemu.scenarios.series.VariantSeries;
import org.xenemu.scenarios.workload.WorkloadCurve;
import org.xenemu.toolstack.DomainFigures;
import org.xenemu.toolstack.EmulatedHost;
import org.xenemu.toolstack.FleetFigures;
import org.xenemu.toolstack.HostSettings;
import org.xenemu.toolstack.Toolstack;
import org.xenemu.toolstack.balancer.Balancer;
import org.xenemu.toolstack.balancer.BalancerChange;
import org.xenemu.toolstack.balancer.BalancerSettings;
import org.xenemu.toolstack.balancer.MomSettings;
import org.xenemu.toolstack.balancer.MomVariant;
import org.xenemu.toolstack.balancer.Policy;
import org.xenemu.toolstack.balancer.ReservationRequest;
import org.xenemu.toolstack.balancer.ReservationView;
import org.xenemu.toolstack.balancer.SqueezeOptions;

/**
 * Runs a variant on a private host of its own: an {@link EmulatedHost} built from the document's
 * {@code host} (manual clock, no event history, no meminfo reports in xenstore since nothing reads
 * them, no bound on introduced domains), never the live one. Everything goes through the doors as
 * dom0 — the toolstack for domains, mem-set, mem-max, dynamic ranges and pressure, the balancer's
 * door for its policy and reservations, the balloon door for faults, the selfballoon door for
 * tunables (PATCH semantics), the guest door for each domain's workload ({@link DomainDriver}) —
 * so a scenario can do nothing a toolstack could not.
 *
 * <p>Time moves from event to event, never per jiffy: the next event is the earliest of the next
 * action, the next change point of any domain's workload and the next sample; the clock is
 * advanced to it (every engine step due on the way runs, in order), then at that instant the
 * actions run (in time order, ties in document order), then the workloads that change, then —
 * at a sample time — the engine steps they queued for the current jiffy, then the sample is taken. Domains created at the start or by an action start their workloads at once.
 * Each step is deterministic, so the same variant gives the same series.
 *
 * <p>A failure (an action the toolstack refuses, a domain that does not fit) stops the run with a
 * message naming the document's field ({@code actions[3]: create batch: ENOMEM: …}); only the
 * private host is touched, and it is dropped.
 */
public final class PrivateHostRunner implements ScenarioRunner {
    private static final Caller DOM0 = Caller.DOM0;
    /** How often a pending reservation is looked at (virtual time): squeezed's own loop interval. */
    static final long RESERVATION_POLL_NANOS = 1_000_000_000L;

    private final Consumer<EmulatedHost> atEnd;

    /** Threads one variant may use: more than one lets {@link ShardedRun} split a variant's domains. */
    private final int threads;
    /** The fewest domains a variant must have for a split to be worth its threads. */
    private final int minDomainsToSplit;

    public PrivateHostRunner() {
        this(host -> { }, 1, ShardedRun.MIN_DOMAINS);
    }

    /**
     * Builds a private host with no domain and drops it: the command line calls this on a second
     * thread while it reads the document, so that loading and initialising the engines' classes
     * (and the logging they set up) is done beside the parsing rather than after it. It never
     * fails: whatever would go wrong here goes wrong again in the run, which says so properly.
     */
    public static void preload() {
        try {
            EmulatedHost.create(HostSettings.defaults().withClockMode(ClockMode.MANUAL).withEventHistory(0));
        } catch (RuntimeException e) {
            // the run builds its own host and reports what fails there
        }
    }

    /** {@code atEnd} sees each variant's private host once its last sample is taken (tests compare views). */
    PrivateHostRunner(Consumer<EmulatedHost> atEnd) {
        this(atEnd, 1, ShardedRun.MIN_DOMAINS);
    }

    PrivateHostRunner(Consumer<EmulatedHost> atEnd, int threads, int minDomainsToSplit) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        this.atEnd = atEnd;
        this.threads = threads;
        this.minDomainsToSplit = minDomainsToSplit;
    }

    /** This runner letting each variant use up to {@code threads} threads (tests: with any split threshold). */
    PrivateHostRunner withThreads(int threads, int minDomainsToSplit) {
        return new PrivateHostRunner(atEnd, threads, minDomainsToSplit);
    }

    @Override
    public ScenarioRunner withThreadsPerVariant(int threadsPerVariant) {
        return threadsPerVariant == threads ? this : withThreads(threadsPerVariant, minDomainsToSplit);
    }

    /**
     * Runs the variant on one private host; or, when it may use more than one thread and
     * {@link ShardedRun#splittable} says its domains cannot affect each other, on one private host
     * per thread with the domains dealt out among them, merged into the same series the single host
     * would give — falling back to the single host whenever that could not be proven.
     */
    @Override
    public VariantSeries run(Variant variant, ProgressListener progress, Cancellation cancellation) {
        ProgressListener forward = ShardedRun.monotonic(progress);
        if (threads > 1 && ShardedRun.splittable(variant.scenario(), threads, minDomainsToSplit)) {
            Optional<VariantSeries> split = new ShardedRun(variant, threads, forward, cancellation).go();
            if (split.isPresent()) {
                return split.get();
            }
        }
        Run run = new Run(variant, forward, cancellation);
        VariantSeries series = run.go();
        atEnd.accept(run.host);
        return series;
    }

    /**
     * The host a scenario's {@code host} describes: manual clock, quiet, unbounded xenstore
     * introductions, its balancer. Guests publish {@code data/meminfo_*} only when MoM may run (at
     * the start or by an action): MoM reads them there; nothing else on a private host does.
     */
    static HostSettings settings(Scenario s) {
        HostPlan h = s.host();
        boolean mom = h.balancer().policy() == BalancerPlan.Policy.MOM || s.actions().stream().anyMatch(a ->
                a instanceof Action.SetBalancer b && b.balancer().policy() == BalancerPlan.Policy.MOM);
        return HostSettings.defaults()
                .withClockMode(ClockMode.MANUAL)
                .withHost(h.memoryKiB(), h.nodes(), h.xenKiB(), AllocationPolicy.fromWire(h.allocationPolicy()))
                .withDom0KiB(h.dom0KiB())
                .withEventHistory(0)
                .withPublishMeminfo(mom)
                .withMaxIntroducedDomains(0)
                .withBalancer(balancer(h.balancer()));
    }

    /** {@code host.balancer} as the balancer's settings: absent options keep its defaults. EINVAL as it checks them. */
    static BalancerSettings balancer(BalancerPlan p) {
        BalancerSettings b = BalancerSettings.DEFAULTS.withPolicy(policy(p.policy()));
        SqueezeOptions squeeze = b.squeeze();
        MomSettings mom = b.mom();
        if (p.intervalNanos().isPresent()) {
            long n = p.intervalNanos().getAsLong();
            squeeze = squeeze.withBalanceCheckIntervalNanos(n);
            mom = mom.withIntervalsNanos(mom.sampleIntervalNanos(), n);
        }
        if (p.sampleIntervalNanos().isPresent()) {
            mom = mom.withIntervalsNanos(p.sampleIntervalNanos().getAsLong(), mom.decisionIntervalNanos());
        }
        if (p.hostFreeTargetKiB().isPresent()) {
            squeeze = squeeze.withHostFreeTargetKiB(p.hostFreeTargetKiB().getAsLong());
        }
        if (p.freeMemoryToleranceKiB().isPresent()) {
            squeeze = squeeze.withFreeMemoryToleranceKiB(p.freeMemoryToleranceKiB().getAsLong());
        }
        if (p.historyLength().isPresent()) {
            mom = mom.withHistoryLength(p.historyLength().getAsInt());
        }
        if (p.momVariant().isPresent()) {
            mom = mom.withVariant(p.momVariant().get().equals("vdsm") ? MomVariant.VDSM_BALLOON_POLICY
                    : MomVariant.BALLOON_RULES);
        }
        return b.withSqueeze(squeeze).withMom(mom);
    }

    static Policy policy(BalancerPlan.Policy p) {
        return switch (p) {
            case NONE -> Policy.NONE;
            case SQUEEZED -> Policy.SQUEEZED;
            case MOM -> Policy.MOM;
        };
    }

    /** What {@code PUT /host/balancer} takes of a {@code balancer} action (Availability refused the rest). */
    static BalancerChange change(BalancerPlan p) {
        OptionalLong interval = p.intervalNanos().isPresent()
                ? OptionalLong.of(p.intervalNanos().getAsLong() / 1_000_000_000L) : OptionalLong.empty();
        return new BalancerChange(Optional.of(policy(p.policy())), interval, p.hostFreeTargetKiB());
    }

    static BalloonFault fault(FaultPlan f) {
        return new BalloonFault(BalloonFault.Mode.valueOf(f.mode().name()), f.periodNanos(), f.rateKiBPerSecond(),
                f.floorKiB(), f.ceilingKiB());
    }

    static final class Run {
        private final Scenario scenario;
        private final ProgressListener progress;
        private final Cancellation cancellation;
        private final EmulatedHost host;
        private final Toolstack toolstack;
        private final Balancer balancer;
        /** Reservations made for domains, not settled yet, in the order asked. */
        private final List<Awaited> awaited = new ArrayList<>();
        /** Domains whose reservation is pending or failed: actions naming them do nothing. */
        private final Set<String> unbuilt = new HashSet<>();
        private final SeriesRecorder recorder;
        private final Map<String, DomainDriver> byName = new HashMap<>();
        private DomainDriver[] byDomid = new DomainDriver[64];
        /** Drivers by next change point; ties in creation order. {@link WorkloadCurve#NEVER} is Long.MAX_VALUE. */
        private final ChangeQueue<DomainDriver> changes =
                new ChangeQueue<>(DomainDriver::nextChangeNanos, Comparator.comparingInt(d -> d.order));
        private final List<DomainDriver> due = new ArrayList<>();
        private int created;
        private long nowNanos;
        /** Null when this run is the whole variant; else its part of a split (see {@link ShardedRun}). */
        private final ShardedRun.@Nullable Part part;
        /** Names of the domains another part runs: actions naming them are that part's. */
        private final Set<String> elsewhere = new HashSet<>();

        Run(Variant variant, ProgressListener progress, Cancellation cancellation) {
            this(variant, progress, cancellation, null);
        }

        Run(Variant variant, ProgressListener progress, Cancellation cancellation, ShardedRun.@Nullable Part part) {
            this.scenario = variant.scenario();
            this.progress = progress;
            this.cancellation = cancellation;
            this.host = EmulatedHost.create(settings(scenario));
            this.toolstack = host.toolstack();
            this.balancer = host.balancer();
            this.recorder = new SeriesRecorder(variant);
            this.part = part;
            if (part != null) {
                toolstack.takeFreeLowWaterKiB(DOM0); // the mark starts from the host without domains
                part.started(toolstack.figures(DOM0));
            }
        }

        VariantSeries go() {
            drive();
            return recorder.finish();
        }

        /**
         * Creates the domains, then moves time to the end: every sample taken (or, for a part, handed
         * on). The whole run holds the private host's engine lock: nobody else uses this host, so
         * each door the run goes through (several per domain per virtual minute) finds the lock
         * already held instead of taking and releasing it, and the JIT compiles only that short path.
         */
        void drive() {
            host.scheduler().locked(this::driveLocked);
        }

        private void driveLocked() {
            for (DomainPlan d : scenario.domains()) {
                create(d, d.source());
            }
            List<Action> actions = scenario.actions();
            int nextAction = 0;
            int nextSample = 0;
            int samples = scenario.sampleCount();
            while (nextSample < samples) {
                cancellation.verifyNotCancelled();
                long sampleAt = scenario.sampleTimeNanos(nextSample);
                long t = sampleAt;
                if (nextAction < actions.size()) {
                    t = Math.min(t, actions.get(nextAction).atNanos());
                }
                t = Math.min(t, changes.firstTime());
                if (!awaited.isEmpty()) {
                    // a reservation settles when the balancer says so: look every virtual second
                    t = Math.min(t, nowNanos + RESERVATION_POLL_NANOS);
                }
                advanceTo(t);
                settleReservations();
                while (nextAction < actions.size() && actions.get(nextAction).atNanos() == t) {
                    apply(actions.get(nextAction++));
                }
                driveWorkloads(t);
                if (t == sampleAt) {
                    // what the actions and workloads just queued for this jiffy is due now: run it first
                    host.clock().advanceSeconds(DOM0, BigDecimal.ZERO);
                    sample(t);
                    nextSample++;
                }
            }
        }

        private void advanceTo(long t) {
            if (t > nowNanos) {
                host.clock().advanceSeconds(DOM0, BigDecimal.valueOf(t - nowNanos, 9));
                nowNanos = t;
            }
        }

        private void driveWorkloads(long t) {
            due.clear();
            changes.takeDue(t, due);
            for (DomainDriver d : due) {
                if (!d.destroyed) {
                    changeWorkload(d, t);
                }
            }
        }

        /** Acts out {@code d}'s change points at {@code t} and queues it again for its next one, if any. */
        private void changeWorkload(DomainDriver d, long t) {
            try {
                d.change(t);
            } catch (XenException e) {
                throw failure(d.plan.source() + " (" + d.plan.name() + "): workload", e);
            }
            if (d.nextChangeNanos() != WorkloadCurve.NEVER) {
                changes.add(d);
            }
        }

        private void create(DomainPlan d, String field) {
            create(d, field, Optional.empty());
        }

        private void create(DomainPlan d, String field, Optional<String> reservation) {
            if (part != null && !part.owns(created)) {
                created++;
                elsewhere.add(d.name());
                return;
            }
            elsewhere.remove(d.name());
            int domid;
            try {
                domid = toolstack.createForDomid(DOM0, reservation.map(id -> Specs.of(d).withReservation(id))
                        .orElseGet(() -> Specs.of(d)));
                if (!d.selfballoon().isEmpty()) {
                    host.selfballoons().patch(DOM0, domid, d.selfballoon());
                }
                if (d.fault().isPresent()) {
                    host.balloons().setFault(DOM0, domid, fault(d.fault().get()));
                }
            } catch (XenException e) {
                throw failure(field + ": create " + d.name(), e);
            }
            DomainDriver driver = new DomainDriver(d, domid, created++, scenario.seed(), host.guests());
            if (domid >= byDomid.length) {
                byDomid = Arrays.copyOf(byDomid, Math.max(domid + 1, byDomid.length * 2));
            }
            byDomid[domid] = driver;
            byName.put(d.name(), driver);
            try {
                driver.start(nowNanos);
            } catch (XenException e) {
                throw failure(field + " (" + d.name() + "): workload", e);
            }
            if (driver.nextChangeNanos() != WorkloadCurve.NEVER) {
                changes.add(driver);
            }
        }

        private void apply(Action a) {
            String field = "actions[" + a.index() + "]";
            if (named(a).filter(elsewhere::contains).isPresent()) {
                return; // another part's domain
            }
            if (named(a).filter(unbuilt::contains).isPresent()) {
                // its reservation is pending or failed: there is no such domain on the host; a
                // destroy also drops a reservation still pending, so it is never built after it
                if (a instanceof Action.Destroy d) {
                    for (Iterator<Awaited> it = awaited.iterator(); it.hasNext(); ) {
                        Awaited w = it.next();
                        if (w.domain().name().equals(d.domain())) {
                            it.remove();
                            balancer.release(DOM0, w.id());
                        }
                    }
                }
                return;
            }
            try {
                if (a instanceof Action.MemSet m) {
                    toolstack.setTarget(DOM0, domid(m.domain()), m.kib());
                } else if (a instanceof Action.MemMax m) {
                    toolstack.setMax(DOM0, domid(m.domain()), m.kib());
                } else if (a instanceof Action.Pressure p) {
                    toolstack.setPressure(DOM0, p.kib(), p.node());
                } else if (a instanceof Action.Create c) {
                    for (DomainPlan d : c.domains()) {
                        create(d, field + ".domain");
                    }
                } else if (a instanceof Action.Destroy d) {
                    DomainDriver driver = driver(d.domain());
                    toolstack.destroy(DOM0, driver.domid);
                    driver.destroyed = true;
                    byName.remove(d.domain());
                    byDomid[driver.domid] = null;
                } else if (a instanceof Action.SetSelfballoon s) {
                    host.selfballoons().patch(DOM0, domid(s.domain()), s.tunables());
                } else if (a instanceof Action.DynamicRange r) {
                    toolstack.setDynamicRange(DOM0, domid(r.domain()), r.minKiB(), r.maxKiB());
                } else if (a instanceof Action.SetBalancer b) {
                    balancer.configure(DOM0, change(b.balancer()));
                } else if (a instanceof Action.SetFault f) {
                    host.balloons().setFault(DOM0, domid(f.domain()), fault(f.fault()));
                } else if (a instanceof Action.Reserve r) {
                    reserve(r, field);
                } else {
                    throw new IllegalStateException(field + ": unknown op " + a.op());
                }
            } catch (XenException e) {
                throw failure(field + ": " + a.op(), e);
            }
        }

        private void reserve(Action.Reserve r, String field) {
            if (r.domains().isEmpty()) {
                balancer.reserve(DOM0, new ReservationRequest(r.kib(), r.minKiB(), r.maxKiB()));
                return; // held to the end
            }
            for (DomainPlan d : r.domains()) {
                ReservationView v = balancer.reserve(DOM0, ReservationRequest.of(d.settings().memoryKiB()));
                awaited.add(new Awaited(v.id(), d, field + ".domain"));
                unbuilt.add(d.name());
            }
        }

        /** Builds the domains whose reservation is ready; counts the failed ones against the domains blamed. */
        private void settleReservations() {
            for (Iterator<Awaited> it = awaited.iterator(); it.hasNext(); ) {
                Awaited w = it.next();
                ReservationView v = balancer.reservation(DOM0, w.id());
                switch (v.state()) {
                    case "ready" -> {
                        it.remove();
                        unbuilt.remove(w.domain().name());
                        create(w.domain(), w.field(), Optional.of(w.id()));
                    }
                    case "failed" -> {
                        it.remove();
                        if (v.domids() != null) {
                            for (int blamed : v.domids()) {
                                DomainDriver d = blamed < byDomid.length ? byDomid[blamed] : null;
                                if (d != null) {
                                    d.balancerFailures++;
                                }
                            }
                        }
                    }
                    default -> {
                        // pending: look again at the next step
                    }
                }
            }
        }

        private static Optional<String> named(Action a) {
            if (a instanceof Action.MemSet m) {
                return Optional.of(m.domain());
            } else if (a instanceof Action.MemMax m) {
                return Optional.of(m.domain());
            } else if (a instanceof Action.DynamicRange r) {
                return Optional.of(r.domain());
            } else if (a instanceof Action.Destroy d) {
                return Optional.of(d.domain());
            } else if (a instanceof Action.SetSelfballoon s) {
                return Optional.of(s.domain());
            } else if (a instanceof Action.SetFault f) {
                return Optional.of(f.domain());
            }
            return Optional.empty();
        }

        private int domid(String name) {
            return driver(name).domid;
        }

        private DomainDriver driver(String name) {
            DomainDriver d = byName.get(name);
            if (d == null) {
                // the parser checked every reference against creations and destructions in time order
                throw new IllegalStateException("no domain " + name + " at this time");
            }
            return d;
        }

        /**
         * The sample at {@code t}: recorded, or for a part handed to its split with the domains under
         * the domids they have on the whole host (creation order + 1: every domain of a variant that
         * can be split is built in creation order, none from a reservation) and the host's
         * free-memory low-water mark since the last sample.
         */
        private void sample(long t) {
            FleetFigures f = toolstack.figures(DOM0);
            long domainsKiB = 0;
            List<DomainSample> domains = new ArrayList<>(f.domains().size());
            for (DomainFigures d : f.domains()) {
                if (d.domid() != 0) {
                    domainsKiB += d.currentKiB();
                    domains.add(sampleOf(d));
                }
            }
            HostSample h = new HostSample(f.totalKiB(), f.xenKiB(), f.dom0KiB(), domainsKiB, f.tmemKiB(),
                    f.pressureKiB(), f.reservedKiB(), f.freeKiB(), balancer.lastGamma(), balancer.failures());
            if (part != null) {
                part.sampled(t, new ShardedRun.PartSample(h, toolstack.takeFreeLowWaterKiB(DOM0), domains));
                return;
            }
            recorder.beginSample(t);
            recorder.host(h);
            domains.forEach(recorder::domain);
            recorder.endSample();
            progress.advanced(t);
        }

        /** One domain's row of a sample: the toolstack's figures and what its workload driver counted. */
        private DomainSample sampleOf(DomainFigures d) {
            DomainDriver w = byDomid[d.domid()];
            return new DomainSample(part != null ? w.order + 1 : d.domid(), d.name(), d.targetKiB(), d.currentKiB(),
                    d.committedAsKiB(), d.memFreeKiB(), d.swapDeviceKiB(), d.frontswapKiB(), w.swapOutKiB,
                    w.frontswapPutKiB, w.oomKills, w.refused, w.balancerFailures, w.workloadKiB(), d.staticMaxKiB());
        }

        /** A domain waiting for its reservation: built from it once ready. */
        private record Awaited(String id, DomainPlan domain, String field) {
        }

        private static RuntimeException failure(String where, XenException e) {
            return new IllegalStateException(where + ": " + e.errno().name() + ": " + e.detail(), e);
        }
    }
}
