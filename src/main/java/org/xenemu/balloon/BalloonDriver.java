package org.xenemu.balloon;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.xenemu.clock.ClockControl;
import org.xenemu.clock.ScheduledTask;
import org.xenemu.clock.Scheduler;
import org.xenemu.clock.TaskSlot;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.events.EventBus;
import org.xenemu.linux.XenstoreNumber;
import org.xenemu.units.Pages;
import org.xenemu.xenstore.XsConnection;
import org.xenemu.xenstore.Xenstore;

/**
 * A domain's Xen balloon driver (docs/memory.md "Balloon driver"; seed 000 "balloon: try harder to
 * balloon up under memory pressure"; Linux drivers/xen/balloon.c and xen-balloon.c).
 *
 * <p>It connects to xenstore as its own domain and watches the relative path {@code memory/target};
 * the watch sink only re-arms a task, the reaction reads the value on the virtual clock. Each step
 * moves at most 512 pages. A short increase keeps what was granted; nothing granted is EAGAIN and
 * the driver retries on its timer (delays 2, 4, … up to {@code max_schedule_delay} s) instead of
 * recording a "hard limit" — the seed's fix. All state is touched under the engine lock.
 *
 * <p>It meets the rest of the host only through ports: {@link BalloonGuest} (the guest's kernel)
 * and {@link Reservation} (the hypervisor's increase/decrease_reservation for this domain).
 */
public final class BalloonDriver {
    /** One hypercall batch: PAGE_SIZE / sizeof(xen_pfn_t) on x86-64. */
    public static final long BATCH_PAGES = 512;
    /** Largest target kept, so that target × 4096 bytes still fits in 64 unsigned bits. */
    public static final long MAX_TARGET_PAGES = (1L << 52) - 1;
    static final String WATCH_TOKEN = "xenemu-balloon";

    private final int domid;
    private final boolean hvm;
    private final BalloonGuest guest;
    private final Reservation reservation;
    private final Xenstore xenstore;
    private final Scheduler scheduler;
    private final EventBus events;
    private final ScheduledTask stepTask;
    private final ScheduledTask watchTask;
    private @Nullable XsConnection connection;
    private boolean running;

    /** The pages per node of the reservation call in progress ({@link #perNode()}). */
    private long[] perNode = new long[0];
    private long targetPages;
    private long balloonLowPages;
    private long scheduleDelaySeconds = 1;
    private long maxScheduleDelaySeconds = 32;
    private long retryCount = 1;
    private long maxRetryCount;
    private BalloonState state = BalloonState.DONE;
    private boolean watchFired;
    private long targetDiffPages;
    private final long bootTargetPages;
    private long steps;
    private BalloonFault fault = BalloonFault.NONE;
    /** When the fault was set: the origin of an intermittent fault's windows. */
    private long faultSinceNanos;
    /** A rate fault's allowance, in KiB, and when it was last topped up (-1: idle, nothing accrues). */
    private double rateAllowanceKiB;
    private long rateSinceNanos = -1;
    /** Pages the last increase or decrease moved. */
    private long lastMovedPages;
    /** A restored driver's timers until {@link #resume()} queues them. */
    private @Nullable TaskSlot savedStepTimer;
    private @Nullable TaskSlot savedWatchTimer;

    /**
     * What a snapshot keeps of a driver (docs/snapshots.md): its figures, back-off, HVM offset,
     * whether the first watch event came, its two timers' places on the scheduler (null: not
     * pending), and its fault (PUT .../balloon/fault) with the fault's clock: when it was set, a
     * rate fault's allowance and when it was last topped up, the pages the last batch moved. The
     * guest's pages are the kernel's, the host's the account's.
     */
    public record State(int domid, boolean hvm, boolean running, long targetPages, long balloonLowPages,
                        long scheduleDelaySeconds, long maxScheduleDelaySeconds, long retryCount,
                        long maxRetryCount, BalloonState state, boolean watchFired, long targetDiffPages,
                        long bootTargetPages, long steps, @Nullable TaskSlot stepTimer,
                        @Nullable TaskSlot watchTimer, SavedFault fault, long faultSinceNanos,
                        double rateAllowanceKiB, long rateSinceNanos, long lastMovedPages) {
    }

    /** A {@link BalloonFault} as a snapshot keeps it (absent parts null). */
    public record SavedFault(BalloonFault.Mode mode, @Nullable Long periodNanos, @Nullable Long rateKiBPerSecond,
                             @Nullable Long floorKiB, @Nullable Long ceilingKiB) {
        static SavedFault of(BalloonFault f) {
            return new SavedFault(f.mode(), boxed(f.periodNanos()), boxed(f.rateKiBPerSecond()), boxed(f.floorKiB()),
                    boxed(f.ceilingKiB()));
        }

        /** The fault; EINVAL (the fault's own checks) if it cannot be. */
        public BalloonFault fault() {
            return new BalloonFault(mode, optional(periodNanos), optional(rateKiBPerSecond), optional(floorKiB),
                    optional(ceilingKiB));
        }

        private static @Nullable Long boxed(OptionalLong v) {
            return v.isPresent() ? v.getAsLong() : null;
        }

        private static OptionalLong optional(@Nullable Long v) {
            return v == null ? OptionalLong.empty() : OptionalLong.of(v);
        }
    }

    public BalloonDriver(int domid, boolean hvm, BalloonGuest guest, Reservation reservation, Xenstore xenstore,
                         Scheduler scheduler, EventBus events, long maxRetryCount) {
        this.domid = domid;
        this.hvm = hvm && domid != 0;
        this.guest = guest;
        this.reservation = reservation;
        this.xenstore = xenstore;
        this.scheduler = scheduler;
        this.events = events;
        this.maxRetryCount = maxRetryCount;
        this.targetPages = guest.currentPages();
        // balloon_init: an HVM guest is booted populate-on-demand with all of its RAM in its
        // memory map, so get_num_physpages() — its first target_pages — is max_pfn, not what it
        // owns once it has ballooned down to the PoD target (which is where this model starts).
        this.bootTargetPages = this.hvm ? guest.maxPfn() : guest.currentPages();
        this.balloonLowPages = Math.max(0, guest.maxPfn() - guest.currentPages());
        this.stepTask = scheduler.newTask("balloon-" + domid, this::step);
        this.watchTask = scheduler.newTask("balloon-watch-" + domid, this::onTargetWatch);
    }

    /**
     * A driver as it was saved ({@link #capture()}), not yet connected: {@link #resume()} connects it
     * again without any of the side effects of {@link #start()}.
     */
    public BalloonDriver(State saved, BalloonGuest guest, Reservation reservation, Xenstore xenstore,
                         Scheduler scheduler, EventBus events) {
        this.domid = saved.domid();
        this.hvm = saved.hvm();
        this.guest = guest;
        this.reservation = reservation;
        this.xenstore = xenstore;
        this.scheduler = scheduler;
        this.events = events;
        this.targetPages = saved.targetPages();
        this.balloonLowPages = saved.balloonLowPages();
        this.scheduleDelaySeconds = saved.scheduleDelaySeconds();
        this.maxScheduleDelaySeconds = saved.maxScheduleDelaySeconds();
        this.retryCount = saved.retryCount();
        this.maxRetryCount = saved.maxRetryCount();
        this.state = saved.state();
        this.watchFired = saved.watchFired();
        this.targetDiffPages = saved.targetDiffPages();
        this.bootTargetPages = saved.bootTargetPages();
        this.steps = saved.steps();
        this.running = saved.running();
        this.stepTask = scheduler.newTask("balloon-" + domid, this::step);
        this.watchTask = scheduler.newTask("balloon-watch-" + domid, this::onTargetWatch);
        this.savedStepTimer = saved.stepTimer();
        this.savedWatchTimer = saved.watchTimer();
        this.fault = saved.fault().fault();
        this.faultSinceNanos = saved.faultSinceNanos();
        this.rateAllowanceKiB = saved.rateAllowanceKiB();
        this.rateSinceNanos = saved.rateSinceNanos();
        this.lastMovedPages = saved.lastMovedPages();
    }

    /** The driver now, for a snapshot (under the engine lock). */
    public State capture() {
        return new State(domid, hvm, running, targetPages, balloonLowPages, scheduleDelaySeconds,
                maxScheduleDelaySeconds, retryCount, maxRetryCount, state, watchFired, targetDiffPages,
                bootTargetPages, steps, stepTask.slot(), watchTask.slot(), SavedFault.of(fault), faultSinceNanos, rateAllowanceKiB,
                rateSinceNanos, lastMovedPages);
    }

    /**
     * Restore: connects as the domain again and re-registers the {@code memory/target} watch without
     * its initial event; its timers go back to their saved places. No xenstore write, no event.
     */
    public void resume() {
        if (running) {
            XsConnection c = xenstore.connect(domid, domid == 0, this::deliver);
            connection = c;
            c.restoreWatch("memory/target", WATCH_TOKEN);
        }
        stepTask.restore(savedStepTimer);
        watchTask.restore(savedWatchTimer);
        savedStepTimer = null;
        savedWatchTimer = null;
    }

    /**
     * Connects as the domain, announces {@code control/feature-balloon} and watches
     * {@code memory/target}. The watch's initial event is handled here, at once: in Linux it
     * arrives while the guest boots, before any of its programs could write a sysfs target, so
     * such a write right after creation must not be undone by a boot event on the next tick.
     * Called under the engine lock.
     */
    public void start() {
        running = true;
        XsConnection c = xenstore.connect(domid, domid == 0, this::deliver);
        connection = c;
        c.write(0, "control/feature-balloon", "1".getBytes(StandardCharsets.US_ASCII));
        c.watch("memory/target", WATCH_TOKEN);
        watchTask.cancel();
        onTargetWatch();
    }

    /** Stops the timers and closes the xenstore connection (its watch goes with it). */
    public void stop() {
        running = false;
        stepTask.cancel();
        watchTask.cancel();
        XsConnection c = connection;
        if (c != null) {
            connection = null;
            c.close();
        }
    }

    /** Called by xenstore outside its locks: only schedule the reaction. */
    private boolean deliver(String path, String token) {
        if (WATCH_TOKEN.equals(token)) {
            watchTask.reschedule(0);
        }
        return true;
    }

    /**
     * The watch fired: read memory/target (garbage or missing is ignored, as Linux does). On the
     * first event an HVM guest fixes its offset, xen-balloon.c's {@code target_diff} = static-max
     * (pages) − the boot target, i.e. static-max − max_pfn: the memory libxl keeps out of the
     * guest's RAM (the video memory). libxl has already subtracted videoram from
     * {@code memory/target}, so an HVM guest ends videoram below what {@code xl mem-set} asked;
     * that is what Linux + libxl do, and mem-set N still keeps a guest where N put it before.
     */
    private void onTargetWatch() {
        if (!running) {
            return;
        }
        OptionalLong kib = readKiB("memory/target");
        if (kib.isEmpty()) {
            return;
        }
        if (!watchFired) {
            watchFired = true;
            if (hvm) {
                OptionalLong staticMax = readKiB("memory/static-max");
                // Without static-max Linux takes current_pages, which a PoD guest has at its boot target.
                long staticMaxPages = staticMax.isPresent()
                        ? Pages.fromKiBUnsigned(staticMax.getAsLong()) : bootTargetPages;
                targetDiffPages = staticMaxPages - bootTargetPages;
            }
        }
        long pages = Pages.fromKiBUnsigned(kib.getAsLong()) - targetDiffPages;
        // Linux does this in unsigned arithmetic: a value below the offset wraps to a huge target.
        setTarget(pages < 0 ? MAX_TARGET_PAGES : pages, TargetSource.XENSTORE);
    }

    private OptionalLong readKiB(String path) {
        XsConnection c = connection;
        if (c == null) {
            return OptionalLong.empty();
        }
        try {
            return XenstoreNumber.parseUnsigned(c.read(0, path));
        } catch (XenException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * balloon_set_new_target: takes the target and wakes the driver at once, whatever its state —
     * but for a wake-up that would find nothing to do, which is not queued (see {@link #idleWake()}).
     */
    public void setTarget(long pages, TargetSource source) {
        targetPages = Math.min(Math.max(0, pages), MAX_TARGET_PAGES);
        if (events.isListened()) {
            events.publish(new TargetChanged(domid, Pages.toKiB(targetPages), source.wireName()));
        }
        if (running && !idleWake()) {
            stepTask.reschedule(0);
        }
    }

    /**
     * Whether a wake-up now would do nothing: balloon_process would start in BP_DONE with no fault,
     * find no credit (the target is what the guest has), and return having changed nothing — no
     * page, no counter, no event, no timer. Only this driver moves the guest's current pages and
     * every target or fault change comes through here or {@link #setFault}, so the wake-up would
     * still find nothing when it ran later in the jiffy; leaving it out changes only the
     * scheduler's count of task runs and the view's {@code nextStepJiffies} until then (absent,
     * not "now"; docs/memory.md). Selfballooning guests ask for their own size on about 40 % of
     * their decisions (the hysteresis leaves no step), so this spares a scheduler task on each. A
     * wake-up already queued keeps its place.
     */
    private boolean idleWake() {
        return state == BalloonState.DONE && fault.isNone() && targetPages == guest.currentPages()
                && !stepTask.isPending();
    }

    /**
     * Makes the driver misbehave from now on (docs/toolstack.md "Misbehaving guests"), or behave
     * again with {@link BalloonFault#NONE}; wakes it so that a lifted fault takes effect at once.
     */
    public void setFault(BalloonFault newFault) {
        fault = newFault;
        faultSinceNanos = scheduler.clock().nanos();
        rateAllowanceKiB = 0;
        rateSinceNanos = -1;
        events.publish(BalloonFaultSet.of(domid, newFault));
        if (running) {
            stepTask.reschedule(0);
        }
    }

    public BalloonFault fault() {
        return fault;
    }

    /**
     * One wake-up: batches back to back while they succeed and credit remains. A fault may hold
     * the driver (stuck, or in an intermittent fault's stuck window: it wakes again when the
     * window ends), lower its goal (a hidden floor or ceiling) or ration its pages (a rate).
     */
    private void step() {
        if (!running) {
            return;
        }
        long allowance = Long.MAX_VALUE;
        if (!fault.isNone()) {
            long now = scheduler.clock().nanos();
            long stuckUntil = fault.stuckUntilNanos(faultSinceNanos, now);
            if (stuckUntil >= 0) {
                rateSinceNanos = -1;
                rateAllowanceKiB = 0;
                if (stuckUntil != Long.MAX_VALUE) {
                    long jiffy = scheduler.clock().nanosToJiffies(stuckUntil);
                    if (scheduler.clock().jiffyStartNanos(jiffy) < stuckUntil) {
                        jiffy++;
                    }
                    stepTask.rescheduleAt(Math.max(jiffy, scheduler.clock().jiffies() + 1));
                }
                return;
            }
            allowance = rateAllowancePages(now);
        }
        while (true) {
            long credit = fault.effectiveTargetPages(targetPages, guest.currentPages()) - guest.currentPages();
            if (credit == 0) {
                // balloon_process starts every wake-up in BP_DONE: nothing to do is DONE, even
                // after an earlier EAGAIN or ECANCELED.
                if (state != BalloonState.DONE) {
                    done();
                }
                rateSinceNanos = -1;
                rateAllowanceKiB = 0;
                return;
            }
            if (allowance == 0) {
                stepTask.reschedule(jiffiesUntilNextPage());
                return;
            }
            long limited = Math.min(Math.abs(credit), allowance);
            lastMovedPages = 0;
            BalloonState result = credit > 0 ? increase(limited) : decrease(limited);
            if (allowance != Long.MAX_VALUE) {
                allowance -= lastMovedPages;
                rateAllowanceKiB -= Pages.toKiB(lastMovedPages);
            }
            if (result == BalloonState.ECANCELED) {
                return;
            }
            if (result == BalloonState.DONE) {
                done();
                continue;
            }
            backOff();
            return;
        }
    }

    /** A rate fault's pages for this wake-up: what the time since the last one earned, at most a second's worth. */
    private long rateAllowancePages(long nowNanos) {
        if (fault.rateKiBPerSecond().isEmpty()) {
            return Long.MAX_VALUE;
        }
        double rate = fault.rateKiBPerSecond().getAsLong();
        if (rateSinceNanos >= 0) {
            rateAllowanceKiB += rate * (nowNanos - rateSinceNanos) / BalloonFault.NANOS_PER_SECOND;
        }
        rateAllowanceKiB = Math.min(rateAllowanceKiB, Math.max(rate, Pages.KIB_PER_PAGE));
        rateSinceNanos = nowNanos;
        return (long) (rateAllowanceKiB / Pages.KIB_PER_PAGE);
    }

    /** Jiffies until a rate fault has earned one more page (at least one). */
    private long jiffiesUntilNextPage() {
        double rate = fault.rateKiBPerSecond().orElse(1);
        double seconds = Math.max(0, Pages.KIB_PER_PAGE - rateAllowanceKiB) / rate;
        long jiffies = (long) Math.ceil(seconds * scheduler.clock().hz());
        return Math.max(1, Math.min(jiffies, scheduler.clock().secondsToJiffies(ClockControl.MAX_ADVANCE_SECONDS)));
    }

    private BalloonState increase(long credit) {
        if (balloonLowPages == 0) {
            // No hot-plug: the target above what the balloon holds is given up (Linux v6.1).
            targetPages = guest.currentPages();
            state = BalloonState.ECANCELED;
            events.publish(new BalloonCancelled(domid, "balloon-empty", currentKiB(), targetKiB()));
            return BalloonState.ECANCELED;
        }
        long ask = Math.min(Math.min(credit, BATCH_PAGES), balloonLowPages);
        long[] grant = perNode();
        long got = reservation.increase(ask, grant);
        if (got == 0) {
            return BalloonState.EAGAIN;
        }
        if (got < 0 || got > ask) {
            // The hypervisor never grants more than asked; if the host did, hand it all back.
            reservation.decrease(Math.max(0, got), grant);
            throw invariant("the host granted " + got + " pages for a request of " + ask);
        }
        guest.returnFromBalloon(got);
        balloonLowPages -= got;
        lastMovedPages = got;
        steps++;
        if (events.isListened()) {
            events.publish(new BalloonStepped(domid, got, boxed(grant), currentKiB(), targetKiB(),
                    BalloonState.DONE.name()));
        }
        return BalloonState.DONE;
    }

    private BalloonState decrease(long debit) {
        long ask = Math.min(debit, BATCH_PAGES);
        long taken = guest.takeForBalloon(ask);
        BalloonState result = taken < ask ? BalloonState.EAGAIN : BalloonState.DONE;
        if (taken > 0) {
            long[] back = perNode();
            long returned = reservation.decrease(taken, back);
            if (returned != taken) {
                reconcile(taken, returned);
            }
            balloonLowPages += taken;
            lastMovedPages = taken;
            steps++;
            if (events.isListened()) {
                events.publish(new BalloonStepped(domid, -taken, boxed(back), currentKiB(), targetKiB(),
                        result.name()));
            }
        }
        return result;
    }

    /**
     * Linux BUG()s when decrease_reservation frees another count than it was given. Here the guest
     * and the host are brought back to agreement (pages the host did not take return to the guest;
     * pages it took too many are re-granted as far as it can), and the step fails with EIO.
     */
    private void reconcile(long taken, long returned) {
        if (returned < taken) {
            long keep = taken - Math.max(0, returned);
            guest.returnFromBalloon(keep);
            balloonLowPages += taken - keep;
        } else {
            long excess = returned - taken;
            long owed = excess - reservation.increase(excess, perNode());
            balloonLowPages += taken + guest.takeForBalloon(owed);
        }
        throw invariant("the host took back " + returned + " of " + taken + " ballooned pages");
    }

    private XenException invariant(String what) {
        return XenException.of(Errno.EIO, "balloon of domain " + domid + ": " + what
                + " (conservation invariant broken)");
    }

    private void done() {
        state = BalloonState.DONE;
        scheduleDelaySeconds = 1;
        retryCount = 1;
    }

    /** update_schedule for EAGAIN: count, maybe cancel, else double the delay and re-arm. */
    private void backOff() {
        retryCount++;
        if (maxRetryCount != 0 && Long.compareUnsigned(retryCount, maxRetryCount) > 0) {
            scheduleDelaySeconds = 1;
            retryCount = 1;
            state = BalloonState.ECANCELED;
            events.publish(new BalloonCancelled(domid, "retries-exhausted", currentKiB(), targetKiB()));
            return;
        }
        scheduleDelaySeconds <<= 1;
        if (Long.compareUnsigned(scheduleDelaySeconds, maxScheduleDelaySeconds) > 0) {
            scheduleDelaySeconds = maxScheduleDelaySeconds;
        }
        state = BalloonState.EAGAIN;
        events.publish(new BalloonBackedOff(domid, retryCount, scheduleDelaySeconds, currentKiB(), targetKiB()));
        stepTask.reschedule(delayJiffies(scheduleDelaySeconds));
    }

    /** Seconds → jiffies; at least one jiffy (a 0 s delay would spin the virtual clock in place). */
    private long delayJiffies(long seconds) {
        long capped = Long.compareUnsigned(seconds, ClockControl.MAX_ADVANCE_SECONDS) > 0
                ? ClockControl.MAX_ADVANCE_SECONDS : seconds;
        return Math.max(1, scheduler.clock().secondsToJiffies(capped));
    }

    /**
     * The driver's own array for a reservation call's pages per node (one per driver, reused: the
     * engines run one step at a time under the engine lock); sized to the host's nodes.
     */
    private long[] perNode() {
        long[] a = perNode;
        if (a.length != reservation.nodes()) {
            a = new long[reservation.nodes()];
            perNode = a;
        }
        return a;
    }

    private static List<Long> boxed(long[] perNode) {
        Long[] boxed = new Long[perNode.length];
        for (int n = 0; n < perNode.length; n++) {
            boxed[n] = perNode[n];
        }
        return List.of(boxed);
    }

    // ---- state for sysfs and the JSON view ----

    public int domid() {
        return domid;
    }

    public boolean isRunning() {
        return running;
    }

    public long currentPages() {
        return guest.currentPages();
    }

    public long targetPages() {
        return targetPages;
    }

    public long currentKiB() {
        return Pages.toKiB(guest.currentPages());
    }

    public long targetKiB() {
        return Pages.toKiB(targetPages);
    }

    public long balloonLowPages() {
        return balloonLowPages;
    }

    public long balloonHighPages() {
        return 0;
    }

    public long scheduleDelaySeconds() {
        return scheduleDelaySeconds;
    }

    public long maxScheduleDelaySeconds() {
        return maxScheduleDelaySeconds;
    }

    public void setMaxScheduleDelaySeconds(long seconds) {
        this.maxScheduleDelaySeconds = seconds;
    }

    public long retryCount() {
        return retryCount;
    }

    public long maxRetryCount() {
        return maxRetryCount;
    }

    public void setMaxRetryCount(long count) {
        this.maxRetryCount = count;
    }

    public BalloonState state() {
        return state;
    }

    /** The HVM offset subtracted from every xenstore target (0 for PV and dom0, and before the first event). */
    public long targetDiffPages() {
        return targetDiffPages;
    }

    /** Jiffy of the next pending step, or -1. */
    public long nextStepJiffy() {
        return stepTask.isPending() ? stepTask.dueJiffy() : -1;
    }

    /** Batches that moved pages since start. */
    public long steps() {
        return steps;
    }
}
