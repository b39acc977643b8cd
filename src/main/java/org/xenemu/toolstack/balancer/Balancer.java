package org.xenemu.toolstack.balancer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.xenemu.caller.Caller;
import org.xenemu.clock.ScheduledTask;
import org.xenemu.clock.Scheduler;
import org.xenemu.clock.VirtualClock;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.events.EventBus;
import org.xenemu.host.Host;
import org.xenemu.units.Pages;
import org.xenemu.xenstore.NodePath;
import org.xenemu.xenstore.XsConnection;
import org.xenemu.xenstore.Xenstore;

/**
 * The host's memory decider (docs/toolstack.md; issue 13) and its door: squeezed or MoM running in
 * dom0 as a xenstore client on the virtual clock, and the reservations a toolstack builds domains
 * from. Every operation takes the engine lock; managing it is dom0's (403 EACCES for anyone else).
 *
 * <p><b>squeezed</b> ({@link Policy#SQUEEZED}). A dom0 connection with real watches
 * ({@link DomainCache}) keeps squeezed's view of xenstore; {@link XenBalancerHost} is squeezed's
 * Xen side. One call runs at a time, as under squeezed's big mutex: a reservation (squeezed's
 * {@code reserve_memory}, {@code reserve_memory_range}) or a balancing run. A call is a
 * {@link SqueezeRun} stepped by a scheduler task every loop interval (1 s, squeezed's
 * {@code Thread.delay 1.}) until it succeeds or fails; the periodic check (every
 * {@code intervalSeconds}, 10 s) starts a balancing run when a fresh policy evaluation would move
 * some target ({@link HostBalance#isHostMemoryUnbalanced}) and nothing else runs or waits. Never a
 * thread, never wall time.
 *
 * <p><b>MoM</b> ({@link Policy#MOM}). {@link MomBalancer} sampled every 5 s on the guests' published
 * {@code data/meminfo_free}, their current memory and range, and the host's free memory; every
 * decision writes the guests' new {@code memory/target}.
 *
 * <p><b>Reservations</b> are resources with a state that moves only as the clock does: a request
 * is {@code pending}; at the next task it starts squeezed's call (or, under {@code none} and
 * {@code mom}, which have no way to make guests give memory back on demand, takes what is free at
 * once or fails {@code cannot-free}); {@code ready} holds the pages on the {@link Host} (a page state
 * conservation counts) and shows them as {@code /squeezed/state/xenemu/<id>} = KiB; a domain built
 * from it takes its memory from those pages ({@code transferred}); deleting it gives them back.
 *
 * <p>With {@link Policy#NONE} and no reservation nothing here connects to xenstore or schedules
 * anything: the host behaves as before the decider existed.
 */
public final class Balancer {
    static final String DOM0_ONLY = "only dom0 (the toolstack) may do this";
    /** squeezed's session for xenemu's own reservations ({@code /squeezed/state/<session>/<id>}). */
    public static final String SESSION = "xenemu";
    static final NodePath STATE = NodePath.of("/squeezed/state/" + SESSION);
    /** Settled (failed or transferred) reservations kept for reading before the oldest are forgotten. */
    static final int SETTLED_KEPT = 1000;

    private final Host host;
    private final Xenstore xenstore;
    private final Scheduler scheduler;
    private final VirtualClock clock;
    private final EventBus events;
    private final DomainCache cache;
    private final XenBalancerHost port;
    private final ScheduledTask loopTask;
    private final ScheduledTask checkTask;
    private final ScheduledTask momTask;
    private BalancerSettings settings;
    private @Nullable XsConnection xs;

    // squeezed's one call at a time, and the calls waiting for it
    private @Nullable SqueezeRun run;
    private @Nullable MemoryReservation runFor;
    private int seenIterations;
    private final Deque<MemoryReservation> queue = new ArrayDeque<>();
    private final Map<String, MemoryReservation> reservations = new LinkedHashMap<>();
    private long nextReservation = 1;
    private final Set<Integer> runStuck = new TreeSet<>();
    private Set<Integer> lastStuck = Set.of();
    private final Map<Integer, Long> runTargets = new TreeMap<>();
    private final Map<Integer, Long> stepTargets = new TreeMap<>();

    // MoM
    private @Nullable MomBalancer mom;

    // what GET /host/balancer shows
    private BalancerView.@Nullable LastRun last;
    private @Nullable Double lastGamma;
    private long runs;
    private long failures;
    private long targetsWritten;

    public Balancer(Host host, Xenstore xenstore, Scheduler scheduler, EventBus events, BalancerSettings settings) {
        this.host = host;
        this.xenstore = xenstore;
        this.scheduler = scheduler;
        this.clock = scheduler.clock();
        this.events = events;
        this.settings = settings;
        this.cache = new DomainCache(host, scheduler);
        this.port = new XenBalancerHost(host, cache, clock::nanos, this::structuralOffsetKiB, new PortListener());
        this.loopTask = scheduler.newTask("balancer-loop", this::loop);
        this.checkTask = scheduler.newTask("balancer-check", this::check);
        this.momTask = scheduler.newTask("balancer-mom", this::momTick);
        if (settings.policy() != Policy.NONE) {
            scheduler.locked(() -> {
                start(settings.policy());
                publishPolicy();
            });
        }
    }

    // ---- the door ----

    public BalancerView view(Caller caller) {
        return scheduler.locked(() -> {
            caller.verifyDom0(DOM0_ONLY);
            return view();
        });
    }

    /** {@code PUT /host/balancer}: switch the policy and/or its interval and host free target. */
    public BalancerView configure(Caller caller, BalancerChange change) {
        return scheduler.locked(() -> {
            caller.verifyDom0(DOM0_ONLY);
            BalancerSettings next = settings;
            if (change.intervalSeconds().isPresent()) {
                next = next.withIntervalSeconds(change.intervalSeconds().getAsLong());
            }
            if (change.hostFreeTargetKiB().isPresent()) {
                next = next.withHostFreeTargetKiB(change.hostFreeTargetKiB().getAsLong());
            }
            if (change.policy().isPresent()) {
                next = next.withPolicy(change.policy().get());
            }
            if (!next.equals(settings)) {
                Policy before = settings.policy();
                stop(before);
                settings = next;
                start(next.policy());
                publishPolicy();
            }
            return view();
        });
    }

    /** {@code POST /host/reservations}: pending now; the decider takes it up at the next task. */
    public ReservationView reserve(Caller caller, ReservationRequest request) {
        return scheduler.locked(() -> {
            caller.verifyDom0(DOM0_ONLY);
            MemoryReservation r = new MemoryReservation("r" + nextReservation++, request, clock.jiffies());
            reservations.put(r.id, r);
            queue.add(r);
            events.publish(new ReservationRequested(r.id, boxed(request.kib()), boxed(request.minKiB()),
                    boxed(request.maxKiB())));
            if (run == null) {
                loopTask.reschedule(0);
            }
            forgetOldSettled();
            return r.view();
        });
    }

    public List<ReservationView> reservations(Caller caller) {
        return scheduler.locked(() -> {
            caller.verifyDom0(DOM0_ONLY);
            return reservations.values().stream().map(MemoryReservation::view).toList();
        });
    }

    public ReservationView reservation(Caller caller, String id) {
        return scheduler.locked(() -> {
            caller.verifyDom0(DOM0_ONLY);
            return find(id).view();
        });
    }

    /**
     * {@code DELETE /host/reservations/{id}}: a ready one gives its pages back and its xenstore node
     * goes (squeezed's {@code delete_reservation}); a pending one is dropped, and if squeezed is
     * working on it the run is abandoned (the targets it set stay); a settled one is forgotten.
     */
    public void release(Caller caller, String id) {
        scheduler.locked(() -> {
            caller.verifyDom0(DOM0_ONLY);
            MemoryReservation r = find(id);
            long held = 0;
            if (r.state == ReservationState.PENDING) {
                queue.remove(r);
                if (runFor == r) {
                    abandonRun(false);
                }
            } else if (r.state == ReservationState.READY) {
                held = r.kib;
                host.unreserve(r.id);
                removeStateNode(r.id);
            }
            reservations.remove(id);
            events.publish(new ReservationReleased(r.id, r.state.wireName(), held));
        });
    }

    // ---- for the toolstack (which checked the caller) ----

    /**
     * The KiB a ready reservation holds, for building a domain from it: ENOENT if unknown, EBUSY
     * while pending or once a domain was built from it, EINVAL if it failed.
     */
    public long readyKiB(String id) {
        return scheduler.locked(() -> {
            MemoryReservation r = reservations.get(id);
            if (r == null) {
                throw XenException.notFound("no reservation " + id);
            }
            return switch (r.state) {
                case READY -> r.kib;
                case PENDING -> throw XenException.busy("reservation " + id + " is still pending");
                case TRANSFERRED -> throw XenException.busy("reservation " + id + " was already used for domain "
                        + r.domid);
                case FAILED -> throw XenException.invalid("reservation " + id + " failed: " + r.detail);
            };
        });
    }

    /**
     * A domain was built from the reservation (its pages are the domain's now): squeezed's
     * {@code transfer_reservation_to_domain} followed at once by xenopsd's {@code delete_reservation}
     * — the toolstack wrote {@code memory/initial-reservation} and {@code memory/reservation-id}.
     */
    public void transferred(String id, int domid) {
        scheduler.locked(() -> {
            MemoryReservation r = reservations.get(id);
            if (r == null || r.state != ReservationState.READY) {
                throw XenException.invalid("reservation " + id + " is not ready");
            }
            r.state = ReservationState.TRANSFERRED;
            r.domid = domid;
            removeStateNode(id);
            events.publish(new ReservationTransferred(id, domid, r.kib));
        });
    }

    /** Whether squeezed gave up on the domain in its current or latest run, and whether it is flagged. */
    public DomainBalance domain(int domid) {
        return scheduler.locked(() -> new DomainBalance(
                (run != null ? runStuck : lastStuck).contains(domid), cache.exists(domid, XenBalancerHost.UNCOOPERATIVE)));
    }

    public BalancerSettings settings() {
        return scheduler.locked(() -> settings);
    }

    /** squeezed's γ in its latest iteration, if it ran. */
    public OptionalDouble lastGamma() {
        return scheduler.locked(() -> lastGamma == null ? OptionalDouble.empty() : OptionalDouble.of(lastGamma));
    }

    /** Failed runs (balancing and reservations) so far. */
    public long failures() {
        return scheduler.locked(() -> failures);
    }

    /** Targets the decider wrote so far. */
    public long targetsWritten() {
        return scheduler.locked(() -> targetsWritten);
    }

    /** Finished squeezed calls and MoM decisions so far. */
    public long runs() {
        return scheduler.locked(() -> runs);
    }

    // ---- starting and stopping a policy ----

    private void start(Policy policy) {
        switch (policy) {
            case SQUEEZED -> {
                cache.start(connection());
                checkTask.reschedule(jiffiesOf(settings.squeeze().balanceCheckIntervalNanos()));
                if (!queue.isEmpty()) {
                    loopTask.reschedule(0);
                }
            }
            case MOM -> {
                MomBalancer m = new MomBalancer(settings.mom());
                m.start(clock.nanos());
                mom = m;
                momTask.reschedule(0);
                if (!queue.isEmpty()) {
                    loopTask.reschedule(0);
                }
            }
            case NONE -> {
                if (!queue.isEmpty()) {
                    loopTask.reschedule(0);
                }
            }
        }
    }

    private void stop(Policy policy) {
        switch (policy) {
            case SQUEEZED -> {
                if (run != null) {
                    abandonRun(true);
                }
                checkTask.cancel();
                loopTask.cancel();
                cache.stop();
            }
            case MOM -> {
                momTask.cancel();
                mom = null;
            }
            case NONE -> loopTask.cancel();
        }
    }

    private void publishPolicy() {
        events.publish(new BalancerPolicyChanged(settings.policy().wireName(), settings.intervalSeconds(),
                settings.squeeze().hostFreeTargetKiB()));
    }

    /** The balancer's one dom0 connection, opened on first need; opening it is squeezed's {@code login}. */
    private XsConnection connection() {
        XsConnection c = xs;
        if (c == null) {
            c = xenstore.connect(0, true, cache::deliver);
            xs = c;
            try {
                c.rm(0, STATE.value());
            } catch (XenException e) {
                // nothing left by an earlier session
            }
        }
        return c;
    }

    // ---- squeezed: the loop task and the periodic check ----

    private void loop() {
        if (settings.policy() != Policy.SQUEEZED) {
            MemoryReservation r;
            while ((r = queue.poll()) != null) {
                settleAtOnce(r);
            }
            return;
        }
        if (run == null) {
            MemoryReservation next = queue.poll();
            if (next == null) {
                return;
            }
            runFor = next;
            run = next.request.isRange()
                    ? SqueezeRun.freeMemoryRange(port, settings.squeeze(), next.request.minKiB().getAsLong(),
                    next.request.maxKiB().getAsLong())
                    : SqueezeRun.freeMemory(port, settings.squeeze(), next.request.kib().getAsLong());
            startRun();
        }
        step();
    }

    private void check() {
        checkTask.reschedule(jiffiesOf(settings.squeeze().balanceCheckIntervalNanos()));
        if (run != null || !queue.isEmpty()) {
            return;
        }
        if (HostBalance.isHostMemoryUnbalanced(port.snapshot(), settings.squeeze())) {
            runFor = null;
            run = SqueezeRun.balance(port, settings.squeeze());
            startRun();
            step();
        }
    }

    private void startRun() {
        seenIterations = 0;
        runStuck.clear();
        runTargets.clear();
    }

    /** One iteration of the current call: its targets, its verdict, then either the next step or the next call. */
    private void step() {
        SqueezeRun r = run;
        if (r == null) {
            return;
        }
        stepTargets.clear();
        RunStatus status = r.step(clock.nanos());
        Optional<Iteration> it = r.lastIteration();
        if (r.iterations() > seenIterations && it.isPresent()) {
            seenIterations = r.iterations();
            observe(it.get());
        }
        if (status instanceof RunStatus.Running running) {
            if (!stepTargets.isEmpty()) {
                publishRan(r, "running");
            }
            updateLast(r, "running");
            loopTask.rescheduleAt(jiffyAtOrAfter(running.nextStepAtNanos()));
            return;
        }
        finish(r, status);
    }

    /** The iteration's stuck domains (balloon-capable, non-active), and an event for each newly given up on. */
    private void observe(Iteration it) {
        lastGamma = it.gamma();
        HostSnapshot seen = port.lastSnapshot();
        for (int domid : it.declaredInactive()) {
            seen.domain(domid).filter(BalancedDomain::canBalloon).ifPresent(d -> {
                events.publish(new DomainStuck(domid, name(domid), d.targetKiB(), d.actualKiB(), d.inactiveClipKiB()));
            });
        }
        runStuck.clear();
        for (int domid : it.nonActive()) {
            if (seen.domain(domid).map(BalancedDomain::canBalloon).orElse(false)) {
                runStuck.add(domid);
            }
        }
    }

    private void finish(SqueezeRun r, RunStatus status) {
        String outcome = status instanceof RunStatus.Succeeded ? "succeeded"
                : status instanceof RunStatus.CannotFree ? "cannot-free"
                : status instanceof RunStatus.DomainsRefused ? "domains-refused" : "running";
        runs++;
        if (status instanceof RunStatus.Failed) {
            failures++;
        }
        publishRan(r, outcome);
        updateLast(r, outcome);
        lastStuck = Set.copyOf(runStuck);
        MemoryReservation forWhom = runFor;
        run = null;
        runFor = null;
        if (forWhom != null) {
            if (status instanceof RunStatus.Succeeded s) {
                hold(forWhom, s.grantedKiB().orElse(forWhom.request.leastKiB()));
            } else if (status instanceof RunStatus.Failed f) {
                fail(forWhom, f);
            }
        }
        if (!queue.isEmpty()) {
            loopTask.reschedule(0);
        }
    }

    /**
     * The current call is dropped: its reservation was deleted, or squeezed is switched off
     * ({@code requeue}: the next policy takes the reservation up).
     */
    private void abandonRun(boolean requeue) {
        SqueezeRun r = run;
        if (r == null) {
            return;
        }
        MemoryReservation forWhom = runFor;
        publishRan(r, "abandoned");
        updateLast(r, "abandoned");
        lastStuck = Set.copyOf(runStuck);
        run = null;
        runFor = null;
        if (requeue && forWhom != null && forWhom.state == ReservationState.PENDING) {
            queue.addFirst(forWhom);
        }
        loopTask.reschedule(0);
    }

    private void publishRan(SqueezeRun r, String outcome) {
        Double gamma = r.lastIteration().map(Iteration::gamma).orElse(null);
        String phase = r.lastIteration().map(i -> i.phase().name().toLowerCase(java.util.Locale.ROOT)).orElse(null);
        MemoryReservation forWhom = runFor;
        events.publish(new BalancerRan(Policy.SQUEEZED.wireName(), callName(r), forWhom == null ? null : forWhom.id,
                r.iterations(), gamma, phase, keyed(stepTargets), outcome));
    }

    private void updateLast(SqueezeRun r, String outcome) {
        last = new BalancerView.LastRun(clock.jiffies(), callName(r), r.lastIteration().map(Iteration::gamma).orElse(null),
                keyed(runTargets), List.copyOf(runStuck), List.of(), outcome);
    }

    private static String callName(SqueezeRun r) {
        return switch (r.call()) {
            case BALANCE -> "balance";
            case FREE_MEMORY -> "reserve";
            case FREE_MEMORY_RANGE -> "reserve-range";
            case CHANGE_HOST_FREE_MEMORY -> "change-host-free-memory";
        };
    }

    // ---- reservations settled ----

    /** Under {@code none} and {@code mom}: what is free now, or cannot-free. */
    private void settleAtOnce(MemoryReservation r) {
        long free = Pages.toKiB(host.freePages());
        long want = Math.min(r.request.mostKiB(), free);
        if (want >= r.request.leastKiB()) {
            hold(r, r.request.isRange() ? want : r.request.leastKiB());
        } else {
            fail(r, new RunStatus.CannotFree(r.request.leastKiB(), free), 0);
        }
    }

    private void hold(MemoryReservation r, long kib) {
        try {
            host.reserve(r.id, Pages.fromKiBRoundingUp(kib));
        } catch (XenException e) {
            if (e.errno() != Errno.ENOMEM) {
                throw e;
            }
            long free = Pages.toKiB(host.freePages());
            fail(r, new RunStatus.CannotFree(kib, free), 0);
            return;
        }
        r.state = ReservationState.READY;
        r.kib = kib;
        r.settledJiffies = clock.jiffies();
        connection().write(0, STATE.child(r.id).value(), Long.toString(kib).getBytes(StandardCharsets.US_ASCII));
        events.publish(new ReservationReady(r.id, kib));
    }

    private void fail(MemoryReservation r, RunStatus.Failed f) {
        fail(r, f, settings.squeeze().hostFreeTargetKiB());
    }

    /** ENOMEM with squeezed's reason; cannot-free's amounts as memory_server reports them (less {@code target}). */
    private void fail(MemoryReservation r, RunStatus.Failed f, long target) {
        r.state = ReservationState.FAILED;
        r.settledJiffies = clock.jiffies();
        r.errno = Errno.ENOMEM.name();
        if (f instanceof RunStatus.CannotFree c) {
            RunStatus.CannotFree reported = c.asReportedToClients(target);
            r.reason = "cannot-free";
            r.domids = List.of();
            r.names = List.of();
            r.neededKiB = reported.requiredKiB();
            r.freeKiB = reported.freeKiB();
            r.detail = "cannot free this much memory: " + reported.requiredKiB() + " KiB needed, "
                    + reported.freeKiB() + " KiB free";
        } else if (f instanceof RunStatus.DomainsRefused d) {
            r.reason = "domains-refused";
            r.domids = d.domids();
            r.names = d.domids().stream().map(this::name).toList();
            List<String> blamed = new ArrayList<>();
            for (int i = 0; i < d.domids().size(); i++) {
                blamed.add(d.domids().get(i) + " (" + r.names.get(i) + ")");
            }
            r.detail = "domains refused to cooperate: " + String.join(", ", blamed);
        }
        failuresOfReservations(r);
    }

    private void failuresOfReservations(MemoryReservation r) {
        events.publish(new ReservationFailed(r.id, r.errno == null ? "ENOMEM" : r.errno,
                r.reason == null ? "cannot-free" : r.reason,
                r.domids == null ? List.of() : r.domids, r.names == null ? List.of() : r.names,
                r.detail == null ? "" : r.detail));
    }

    private void removeStateNode(String id) {
        try {
            connection().rm(0, STATE.child(id).value());
        } catch (XenException e) {
            // gone already
        }
    }

    private void forgetOldSettled() {
        int settled = 0;
        for (MemoryReservation r : reservations.values()) {
            if (r.state == ReservationState.FAILED || r.state == ReservationState.TRANSFERRED) {
                settled++;
            }
        }
        Iterator<MemoryReservation> it = reservations.values().iterator();
        while (settled > SETTLED_KEPT && it.hasNext()) {
            MemoryReservation r = it.next();
            if (r.state == ReservationState.FAILED || r.state == ReservationState.TRANSFERRED) {
                it.remove();
                settled--;
            }
        }
    }

    private MemoryReservation find(String id) {
        MemoryReservation r = reservations.get(id);
        if (r == null) {
            throw XenException.notFound("no reservation " + id);
        }
        return r;
    }

    // ---- MoM ----

    private void momTick() {
        MomBalancer m = mom;
        if (m == null) {
            return;
        }
        long now = clock.nanos();
        Optional<List<MomPolicy.Decision>> decided = m.tick(now, this::observeForMom);
        long next = Math.min(m.nextSampleAtNanos(), m.nextDecisionAtNanos());
        momTask.rescheduleAt(jiffyAtOrAfter(next));
        if (decided.isEmpty()) {
            return;
        }
        runs++;
        Map<Integer, Long> targets = new TreeMap<>();
        String outcome = "no-change";
        for (MomPolicy.Decision d : decided.get()) {
            if (writeMomTarget(d.domid(), d.targetKiB())) {
                targets.put(d.domid(), d.targetKiB());
                outcome = d.rule() == MomPolicy.Rule.SHRINK ? "shrink" : "grow";
            }
        }
        last = new BalancerView.LastRun(clock.jiffies(), "mom", null, keyed(targets), List.of(), List.of(), outcome);
        if (!targets.isEmpty()) {
            events.publish(new BalancerRan(Policy.MOM.wireName(), "mom", null, 1, null, null, keyed(targets), outcome));
        }
    }

    /** MoM's monitors: balloon_cur = actual, max = dynamic-max or static-max, min = dynamic-min or 0. */
    private MomBalancer.Observation observeForMom() {
        Map<Integer, MomPolicy.GuestSample> guests = new TreeMap<>();
        for (int domid : host.domains()) {
            if (domid == 0 || readText(domid, "control/feature-balloon").isEmpty()) {
                continue;
            }
            OptionalLong staticMax = readKiB(domid, "memory/static-max");
            OptionalLong dynMin = readKiB(domid, "memory/dynamic-min");
            OptionalLong dynMax = readKiB(domid, "memory/dynamic-max");
            boolean ranged = dynMin.isPresent() && dynMax.isPresent();
            long actual = Pages.toKiB(host.ownedPages(domid)) - structuralOffsetKiB(domid);
            long max = ranged ? dynMax.getAsLong() : staticMax.orElse(actual);
            guests.put(domid, new MomPolicy.GuestSample(actual, max, ranged ? dynMin.getAsLong() : 0,
                    readKiB(domid, "data/meminfo_free")));
        }
        return new MomBalancer.Observation(
                new MomPolicy.HostSample(Pages.toKiB(host.freePages()), Pages.toKiB(host.totalPages())), guests);
    }

    /** MoM's balloon controller: the new target, with maxmem raised first if it would not allow it. */
    private boolean writeMomTarget(int domid, long targetKiB) {
        if (!host.hasDomain(domid) || targetKiB < 0) {
            return false;
        }
        long pages = Pages.fromKiB(Math.max(0, targetKiB + structuralOffsetKiB(domid)));
        if (pages > host.maxPages(domid)) {
            host.setMaxPages(domid, pages);
        }
        try {
            connection().write(0, NodePath.home(domid).child("memory").child("target").value(),
                    Long.toString(targetKiB).getBytes(StandardCharsets.US_ASCII));
        } catch (XenException e) {
            return false;
        }
        targetsWritten++;
        return true;
    }

    // ---- xenstore helpers ----

    /**
     * What squeezed's calibration measures on a xenemu guest at rest (see {@link XenBalancerHost}):
     * 0, less the video memory of an HVM guest ({@code memory/videoram}), which its driver keeps out.
     */
    private long structuralOffsetKiB(int domid) {
        return -readKiB(domid, "memory/videoram").orElse(0);
    }

    private Optional<String> readText(int domid, String key) {
        try {
            return Optional.of(new String(connection().read(0, NodePath.home(domid).value() + "/" + key),
                    StandardCharsets.US_ASCII));
        } catch (XenException e) {
            return Optional.empty();
        }
    }

    private OptionalLong readKiB(int domid, String key) {
        Optional<String> text = readText(domid, key);
        if (text.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(text.get().trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** A domain's name for events and blame ({@code /local/domain/<domid>/name}), else {@code domain-<domid>}. */
    private String name(int domid) {
        return readText(domid, "name").orElse("domain-" + domid);
    }

    // ---- snapshots (docs/snapshots.md) ----

    /** The balancer now, for a snapshot (under the engine lock). */
    public BalancerState capture() {
        return scheduler.locked(() -> {
            List<BalancerState.Reservation> saved = new ArrayList<>();
            for (MemoryReservation r : reservations.values()) {
                saved.add(new BalancerState.Reservation(r.id, boxed(r.request.kib()), boxed(r.request.minKiB()),
                        boxed(r.request.maxKiB()), r.requestedJiffies, r.state, r.kib, r.errno, r.reason,
                        r.domids == null ? null : List.copyOf(r.domids), r.names == null ? null : List.copyOf(r.names),
                        r.neededKiB, r.freeKiB, r.detail, r.domid, r.settledJiffies));
            }
            List<String> waiting = new ArrayList<>();
            queue.forEach(r -> waiting.add(r.id));
            SqueezeRun r = run;
            MemoryReservation forWhom = runFor;
            MomBalancer m = mom;
            return new BalancerState(settings, xs != null, r == null ? null : r.capture(),
                    forWhom == null ? null : forWhom.id, seenIterations, waiting, saved, nextReservation,
                    List.copyOf(runStuck), List.copyOf(new TreeSet<>(lastStuck)), new TreeMap<>(runTargets),
                    new TreeMap<>(stepTargets), m == null ? null : m.capture(), last, lastGamma, runs, failures,
                    targetsWritten, cache.capture(), port.capture(), loopTask.slot(), checkTask.slot(),
                    momTask.slot());
        });
    }

    /**
     * Checks a saved balancer against itself and the host it comes with ({@code heldOnHost}: the
     * reservations whose pages the saved host holds); EINVAL naming what is wrong.
     */
    public static void verify(BalancerState s, Set<String> heldOnHost) {
        Map<String, BalancerState.Reservation> byId = new LinkedHashMap<>();
        Set<String> ready = new TreeSet<>();
        for (BalancerState.Reservation r : s.reservations()) {
            if (byId.put(r.id(), r) != null) {
                throw XenException.invalid("balancer: reservation " + r.id() + " comes twice");
            }
            request(r);
            if (r.state() == ReservationState.READY) {
                ready.add(r.id());
            }
        }
        if (!ready.equals(heldOnHost)) {
            throw XenException.invalid("balancer: the ready reservations " + ready
                    + " are not those the host holds pages for " + heldOnHost);
        }
        Set<String> queued = new TreeSet<>();
        for (String id : s.queue()) {
            BalancerState.Reservation r = byId.get(id);
            if (r == null || r.state() != ReservationState.PENDING || !queued.add(id)) {
                throw XenException.invalid("balancer: queued reservation " + id + " is not a pending one, or twice");
            }
        }
        if (s.runFor() != null) {
            BalancerState.Reservation r = byId.get(s.runFor());
            if (r == null || r.state() != ReservationState.PENDING || queued.contains(s.runFor()) || s.run() == null) {
                throw XenException.invalid("balancer: the call in progress is for " + s.runFor()
                        + ", which is not a pending reservation outside the queue");
            }
        }
        Policy policy = s.settings().policy();
        if (s.run() != null && policy != Policy.SQUEEZED) {
            throw XenException.invalid("balancer: a squeezed call in progress under policy " + policy.wireName());
        }
        if (s.run() != null && s.run().call() == SqueezeRun.Call.CHANGE_HOST_FREE_MEMORY) {
            throw XenException.invalid("balancer: a change-host-free-memory call is squeezed's test harness's");
        }
        if ((s.mom() != null) != (policy == Policy.MOM)) {
            throw XenException.invalid("balancer: MoM's state must be there exactly under policy mom");
        }
        if (s.cache().watching() && !s.connected()) {
            throw XenException.invalid("balancer: squeezed's cache watches without a connection");
        }
        if (s.nextReservation() < 1) {
            throw XenException.invalid("balancer: the next reservation number must be positive");
        }
        DomainCache.verify(s.cache());
    }

    private static ReservationRequest request(BalancerState.Reservation r) {
        return new ReservationRequest(optional(r.requestKiB()), optional(r.requestMinKiB()),
                optional(r.requestMaxKiB()));
    }

    private static OptionalLong optional(@Nullable Long v) {
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /**
     * Restore (after {@link #verify}, under the engine lock, once the restored xenstore and domains
     * are in place): the balancer becomes the saved one. Its dom0 connection is opened again if it
     * was open (the restore closed the old one) with squeezed's watches registered without their
     * initial events; nothing is written to xenstore and nothing is published; the timers go back
     * to their saved places.
     */
    public void restore(BalancerState s) {
        scheduler.locked(() -> {
            settings = s.settings();
            reservations.clear();
            queue.clear();
            for (BalancerState.Reservation saved : s.reservations()) {
                MemoryReservation r = new MemoryReservation(saved.id(), request(saved), saved.requestedJiffies());
                r.state = saved.state();
                r.kib = saved.kib();
                r.errno = saved.errno();
                r.reason = saved.reason();
                r.domids = saved.domids();
                r.names = saved.names();
                r.neededKiB = saved.neededKiB();
                r.freeKiB = saved.freeKiB();
                r.detail = saved.detail();
                r.domid = saved.domid();
                r.settledJiffies = saved.settledJiffies();
                reservations.put(r.id, r);
            }
            for (String id : s.queue()) {
                queue.add(java.util.Objects.requireNonNull(reservations.get(id)));
            }
            nextReservation = s.nextReservation();
            String forWhom = s.runFor();
            runFor = forWhom == null ? null : reservations.get(forWhom);
            BalancerState.Run savedRun = s.run();
            run = savedRun == null ? null : SqueezeRun.restored(port, settings.squeeze(), savedRun);
            seenIterations = s.seenIterations();
            runStuck.clear();
            runStuck.addAll(s.runStuck());
            lastStuck = Set.copyOf(s.lastStuck());
            runTargets.clear();
            runTargets.putAll(s.runTargets());
            stepTargets.clear();
            stepTargets.putAll(s.stepTargets());
            BalancerState.Mom savedMom = s.mom();
            mom = savedMom == null ? null : MomBalancer.restored(settings.mom(), savedMom);
            last = s.last();
            lastGamma = s.lastGamma();
            runs = s.runs();
            failures = s.failures();
            targetsWritten = s.targetsWritten();
            xs = s.connected() ? xenstore.connect(0, true, cache::deliver) : null;
            port.restore(s.port());
            cache.restore(s.cache(), xs);
            loopTask.restore(s.loopTimer());
            checkTask.restore(s.checkTimer());
            momTask.restore(s.momTimer());
        });
    }

    /** The timers' places, for the restore's check that no two timers share one. */
    public static List<org.xenemu.clock.TaskSlot> timers(BalancerState s) {
        List<org.xenemu.clock.TaskSlot> out = new ArrayList<>();
        for (org.xenemu.clock.TaskSlot t : new org.xenemu.clock.TaskSlot[] {s.loopTimer(), s.checkTimer(), s.momTimer(),
                s.cache().refreshTimer()}) {
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    // ---- views and small helpers ----

    private BalancerView view() {
        BalancerView.LastRun l = last;
        if (l != null) {
            List<Integer> flagged = new ArrayList<>();
            for (int domid : cache.domains()) {
                if (cache.exists(domid, XenBalancerHost.UNCOOPERATIVE)) {
                    flagged.add(domid);
                }
            }
            l = new BalancerView.LastRun(l.jiffies(), l.call(), l.gamma(), l.targets(), l.stuck(), flagged, l.outcome());
        }
        SqueezeRun r = run;
        MemoryReservation forWhom = runFor;
        String running = r == null ? null : forWhom == null ? callName(r) : callName(r) + " " + forWhom.id;
        return new BalancerView(settings.policy().wireName(), settings.intervalSeconds(),
                settings.squeeze().hostFreeTargetKiB(), l, running, queue.size() + (forWhom == null ? 0 : 1), runs,
                failures, targetsWritten);
    }

    private long jiffiesOf(long nanos) {
        return Math.max(1, clock.nanosToJiffies(nanos));
    }

    private long jiffyAtOrAfter(long nanos) {
        long jiffy = clock.nanosToJiffies(nanos);
        if (clock.jiffyStartNanos(jiffy) < nanos) {
            jiffy++;
        }
        return Math.max(jiffy, clock.jiffies() + 1);
    }

    private static Map<String, Long> keyed(Map<Integer, Long> byDomid) {
        Map<String, Long> out = new LinkedHashMap<>();
        byDomid.forEach((domid, kib) -> out.put(Integer.toString(domid), kib));
        return Collections.unmodifiableMap(out);
    }

    private static @Nullable Long boxed(OptionalLong v) {
        return v.isPresent() ? v.getAsLong() : null;
    }

    /** squeezed's side effects on xenemu, reported here as events and counts. */
    private final class PortListener implements XenBalancerHost.Listener {
        @Override
        public void targetWritten(int domid, long targetKiB) {
            targetsWritten++;
            runTargets.put(domid, targetKiB);
            stepTargets.put(domid, targetKiB);
        }

        @Override
        public void uncooperative(int domid, long targetKiB, long actualKiB) {
            events.publish(new DomainUncooperative(domid, name(domid), targetKiB, actualKiB));
        }

        @Override
        public void cooperative(int domid) {
            events.publish(new DomainCooperative(domid, name(domid)));
        }
    }
}
