package org.xenemu.selfballoon;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xenemu.clock.ScheduledTask;
import org.xenemu.clock.TaskSlot;
import org.xenemu.clock.Scheduler;
import org.xenemu.events.EventBus;
import org.xenemu.selfballoon.SelfballoonTunables.StoreOutcome;

/**
 * One domain's selfballoon driver: its tunables, its frontswap self-shrink state and its delayed
 * worker (seed 002: {@code xen_selfballoon_init}, {@code selfballoon_process}, the stores).
 *
 * <ul>
 * <li>{@link #start()}: nothing in dom0 or without tmem (the init returns -ENODEV; the sysfs files
 *     still exist, as {@code register_xen_selfballooning} runs regardless). Otherwise both switches
 *     go on (the boot parameters default on), {@code reserved_mb} := PAGES2MB(totalram / 10) if it
 *     is 0, and the worker is armed {@code interval} seconds ahead.</li>
 * <li>{@link #run()}: a decision and {@code balloon_set_new_target} while selfballooning; a
 *     self-shrink step while self-shrinking with frontswap enabled; re-arm if either ran.</li>
 * <li>Enabling a switch that was off arms the worker unless it is already pending
 *     ({@code schedule_delayed_work} on a pending work is a no-op).</li>
 * </ul>
 * The delay is {@code interval * HZ} computed in 32-bit unsigned arithmetic as in C; a delay of 0
 * (interval stored as 0 by writing 2^32) would spin the kworker without end, so here it becomes
 * one jiffy. All methods run under the engine lock.
 */
public final class Selfballooner {
    private static final Logger log = LoggerFactory.getLogger(Selfballooner.class);

    private final SelfballoonGuest guest;
    private final EventBus events;
    private final int hz;
    private final SelfballoonTunables tunables = new SelfballoonTunables();
    private final FrontswapSelfshrink selfshrink;
    private final ScheduledTask worker;
    private final boolean bootSelfballooning;
    private final boolean bootSelfshrinking;
    /**
     * The last decision's numbers, kept as fields rather than by holding the
     * {@link SelfballoonPolicy.Decision} record: a record that does not outlive its run need not be
     * allocated at all (the JIT can keep its numbers in registers), at every run of every guest.
     */
    private boolean decided;
    private long lastCurPages;
    private long lastGoalPages;
    private long lastFloorPages;
    private long lastTgtPages;
    private long lastNewTargetPages;
    private final AtomicLong hostRuns;
    private long runs;
    private long failures;
    private boolean oopsed;

    public Selfballooner(SelfballoonGuest guest, Scheduler scheduler, EventBus events, SelfballoonOptions props) {
        this(guest, scheduler, events, props, new AtomicLong());
    }

    /** {@code hostRuns}: a count of every worker's runs on the host, kept by the facade (the runs metric). */
    Selfballooner(SelfballoonGuest guest, Scheduler scheduler, EventBus events, SelfballoonOptions props,
                  AtomicLong hostRuns) {
        this.hostRuns = hostRuns;
        this.guest = guest;
        this.events = events;
        this.hz = scheduler.clock().hz();
        this.selfshrink = new FrontswapSelfshrink(props.frontswapResetInertiaAfterShrink());
        this.bootSelfballooning = props.bootSelfballooning();
        this.bootSelfshrinking = props.bootSelfshrinking();
        this.worker = scheduler.newTask("selfballoon/" + guest.domid(), this::run);
    }

    /**
     * What a snapshot keeps of a driver: every tunable (raw 32 bits), the frontswap self-shrink
     * counts and countdown, the worker's place on the scheduler (null: not armed), the boot
     * switches, the last decision, the run and failure counts and whether it oopsed.
     */
    public record State(int domid, Map<Tunable, Integer> tunables, FrontswapSelfshrink.State selfshrink,
                        @Nullable TaskSlot worker, boolean bootSelfballooning, boolean bootSelfshrinking,
                        SelfballoonPolicy.@Nullable Decision lastDecision, long runs, long failures,
                        boolean oopsed) {
        public State {
            tunables = Map.copyOf(tunables);
        }
    }

    /** A driver as it was saved; {@link #resume()} queues its worker where it was. EINVAL if a tunable is missing. */
    public Selfballooner(State saved, SelfballoonGuest guest, Scheduler scheduler, EventBus events,
                         AtomicLong hostRuns) {
        this.hostRuns = hostRuns;
        this.guest = guest;
        this.events = events;
        this.hz = scheduler.clock().hz();
        this.selfshrink = new FrontswapSelfshrink(saved.selfshrink());
        this.bootSelfballooning = saved.bootSelfballooning();
        this.bootSelfshrinking = saved.bootSelfshrinking();
        this.worker = scheduler.newTask("selfballoon/" + guest.domid(), this::run);
        this.tunables.restore(saved.tunables());
        SelfballoonPolicy.Decision last = saved.lastDecision();
        if (last != null) {
            remember(last);
        }
        this.runs = saved.runs();
        this.failures = saved.failures();
        this.oopsed = saved.oopsed();
        this.savedWorker = saved.worker();
    }

    private @Nullable TaskSlot savedWorker;

    /** The driver now, for a snapshot (under the engine lock). */
    public State capture() {
        return new State(guest.domid(), tunables.snapshot(), selfshrink.capture(), worker.slot(), bootSelfballooning,
                bootSelfshrinking, lastDecision().orElse(null), runs, failures, oopsed);
    }

    /** Restore: the worker back at its saved place; nothing runs, nothing is published. */
    public void resume() {
        worker.restore(savedWorker);
        savedWorker = null;
    }

    /** {@code xen_selfballoon_init}: returns whether the driver started. */
    public boolean start() {
        if (guest.isDom0() || !guest.tmemEnabled()) {
            return false;
        }
        boolean selfballooning = bootSelfballooning;
        boolean selfshrinking = bootSelfshrinking;
        tunables.setAtStart(Tunable.SELFBALLOONING, selfballooning ? 1 : 0);
        tunables.setAtStart(Tunable.FRONTSWAP_SELFSHRINKING, selfshrinking ? 1 : 0);
        if (!selfballooning && !selfshrinking) {
            return false;
        }
        // DEAGG: keep 10 % of RAM out of the goal so a sudden workload does not hit OOM first
        if (tunables.raw(Tunable.SELFBALLOON_RESERVED_MB) == 0) {
            long reservePages = guest.totalramPages() / 10;
            tunables.setAtStart(Tunable.SELFBALLOON_RESERVED_MB, reservePages >>> SelfballoonPolicy.PAGES_PER_MB_SHIFT);
        }
        worker.reschedule(intervalJiffies());
        return true;
    }

    /** The domain goes away: the worker must not run again. */
    public void stop() {
        worker.cancel();
    }

    /** {@code selfballoon_process}. */
    void run() {
        runs++;
        // every worker of a host runs under its engine lock, one at a time: a release store is
        // enough for the metric's lock-free reader, and spares an atomic add on every decision
        hostRuns.setRelease(hostRuns.getPlain() + 1);
        boolean resetTimer = false;
        try {
            if (tunables.selfballooning()) {
                SelfballoonPolicy.Decision d = SelfballoonPolicy.process(guest.readInputs(), tunables);
                remember(d);
                guest.setBalloonTarget(d.newTargetPages());
                if (events.isListened()) {
                    events.publish(new SelfballoonDecided(guest.domid(), d.curPages(), d.goalPages(), d.floorPages(),
                            d.tgtPages(), d.newTargetPages()));
                }
                resetTimer = true;
            }
            if (tunables.frontswapSelfshrinking() && guest.tmemEnabled()) {
                long before = guest.frontswapPages();
                if (selfshrink.observe(before, tunables)) {
                    long target = selfshrink.tgtFrontswapPages();
                    long after = guest.frontswapShrink(target);
                    if (events.isListened()) {
                        events.publish(new FrontswapShrunk(guest.domid(), before, target, after));
                    }
                }
                resetTimer = true;
            }
        } catch (ArithmeticException e) {
            oopsed = true;
            log.warn("selfballoon worker of domain {} oopsed: divide error (a hysteresis is 0)", guest.domid());
            events.publish(new SelfballoonOopsed(guest.domid(), "divide error: a hysteresis tunable is 0"));
            return;
        } catch (RuntimeException e) {
            // Not the kernel's oops: something this run called into (the balloon, a shrink, a
            // listener) failed. The guest goes on and the worker keeps its schedule.
            failures++;
            log.warn("selfballoon worker of domain {} failed; it runs again in {} jiffies", guest.domid(),
                    intervalJiffies(), e);
            resetTimer = tunables.selfballooning() || tunables.frontswapSelfshrinking() && guest.tmemEnabled();
        }
        if (resetTimer) {
            worker.reschedule(intervalJiffies());
        }
    }

    private void remember(SelfballoonPolicy.Decision d) {
        decided = true;
        lastCurPages = d.curPages();
        lastGoalPages = d.goalPages();
        lastFloorPages = d.floorPages();
        lastTgtPages = d.tgtPages();
        lastNewTargetPages = d.newTargetPages();
    }

    /** {@code selfballoon_interval * HZ} in {@code unsigned int}, at least one jiffy. */
    long intervalJiffies() {
        long delay = (tunables.unsigned(Tunable.SELFBALLOON_INTERVAL) * hz) & 0xFFFF_FFFFL;
        return Math.max(1, delay);
    }

    /** A sysfs write. */
    public void store(Tunable t, String text, boolean privileged) {
        apply(tunables.store(t, text, privileged));
    }

    /**
     * A JSON PATCH: every value is checked as its sysfs store would check it before any is
     * assigned (all or nothing). Then the numbers are assigned, then the switches (selfballooning
     * first), so that a PATCH equals the sysfs writes a careful script would make: the worker a
     * switch arms uses the new interval.
     */
    public void patch(Map<Tunable, String> texts, boolean privileged) {
        SelfballoonTunables.verifyPrivileged(privileged);
        Map<Tunable, Long> parsed = new EnumMap<>(Tunable.class);
        texts.forEach((t, text) -> parsed.put(t, SelfballoonTunables.parse(t, text)));
        parsed.forEach((t, v) -> {
            if (!t.isSwitch()) {
                apply(tunables.assign(t, v));
            }
        });
        parsed.forEach((t, v) -> {
            if (t.isSwitch()) {
                apply(tunables.assign(t, v));
            }
        });
    }

    private void apply(StoreOutcome outcome) {
        if (outcome.resetInertiaCounter()) {
            selfshrink.resetCountdown(tunables);
        }
        if (outcome.scheduleWorker() && !worker.isPending()) {
            oopsed = false;
            worker.reschedule(intervalJiffies());
        }
    }

    public String show(Tunable t) {
        return tunables.show(t);
    }

    public SelfballoonTunables tunables() {
        return tunables;
    }

    public int domid() {
        return guest.domid();
    }

    public Optional<SelfballoonPolicy.Decision> lastDecision() {
        return decided
                ? Optional.of(new SelfballoonPolicy.Decision(lastCurPages, lastGoalPages, lastFloorPages, lastTgtPages,
                        lastNewTargetPages))
                : Optional.empty();
    }

    public FrontswapSelfshrink selfshrink() {
        return selfshrink;
    }

    public boolean workerPending() {
        return worker.isPending();
    }

    /** The jiffy the worker runs next, if it is armed. */
    public OptionalLong nextRunJiffy() {
        return worker.isPending() ? OptionalLong.of(worker.dueJiffy()) : OptionalLong.empty();
    }

    public long runs() {
        return runs;
    }

    /** Runs that ended in an unexpected exception (logged; the worker re-armed). */
    public long failures() {
        return failures;
    }

    public boolean oopsed() {
        return oopsed;
    }
}
