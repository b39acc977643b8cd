package org.xenemu.guest;

import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xenemu.clock.ScheduledTask;
import org.xenemu.clock.Scheduler;
import org.xenemu.error.XenException;
import org.xenemu.guest.kernel.GuestKernel;
import org.xenemu.units.Pages;
import org.xenemu.xenstore.XsConnection;

/**
 * The guest's report of its memory in its own xenstore home: {@code data/meminfo_total} and
 * {@code data/meminfo_free} (KiB, decimal, as a guest agent such as xe-guest-utilities writes
 * them), whenever either moved by more than 1 % since the last write, and every 60 virtual
 * seconds when anything moved at all since the last write (an idle guest does not rewrite the
 * same values: each write fires watches and costs the store a generation). It writes through the domain's own connection, so xenstore permissions
 * and quotas apply as for a real guest.
 *
 * <p>A refused write (the guest removed its own {@code data/} node, so the parent's permissions
 * give EACCES; a quota is full; ...) is ignored, as a guest agent ignores a failed
 * {@code xenstore-write}: publishing runs inside balloon steps and workload requests, and a report
 * that could not be written must never undo or half-finish the page move that caused it. The
 * figures count as written, so a refused guest does not retry on every step; the next change of
 * more than 1 % (or the minute) tries again.
 *
 * <p>Inside an engine step (a balloon batch of 512 pages moves a small guest by more than 1 %
 * every time) the report is written once, after the steps of that jiffy, not after each batch:
 * the figures a reader sees when the advance returns are the same, at a fraction of the store
 * writes and watch events. A change made by a request (a workload call) is written at once.
 */
final class MeminfoPublisher {
    private static final Logger log = LoggerFactory.getLogger(MeminfoPublisher.class);
    static final long PERIOD_SECONDS = 60;

    private final GuestKernel kernel;
    private final XsConnection connection;
    private final ScheduledTask periodic;
    private final ScheduledTask afterSteps;
    private final Scheduler scheduler;
    private final long periodJiffies;
    private long lastTotalKiB = -1;
    private long lastFreeKiB = -1;
    private long writes;
    private long failures;

    MeminfoPublisher(GuestKernel kernel, XsConnection connection, Scheduler scheduler) {
        this.kernel = kernel;
        this.connection = connection;
        this.periodJiffies = scheduler.clock().secondsToJiffies(PERIOD_SECONDS);
        this.periodic = scheduler.newTask("guest-meminfo-" + kernel.domid(), this::periodic);
        this.afterSteps = scheduler.newTask("guest-meminfo-steps-" + kernel.domid(), this::publishIfMoved);
        this.scheduler = scheduler;
    }

    GuestDomain.PublisherState capture() {
        return new GuestDomain.PublisherState(lastTotalKiB, lastFreeKiB, writes, failures, periodic.slot(),
                afterSteps.slot());
    }

    /** Restore: the saved figures and timers, without publishing. */
    void resume(GuestDomain.PublisherState s) {
        lastTotalKiB = s.lastTotalKiB();
        lastFreeKiB = s.lastFreeKiB();
        writes = s.writes();
        failures = s.failures();
        periodic.restore(s.periodic());
        afterSteps.restore(s.afterSteps());
    }

    void start() {
        publish();
        periodic.reschedule(periodJiffies);
    }

    void stop() {
        periodic.cancel();
        afterSteps.cancel();
        connection.close();
    }

    long writes() {
        return writes;
    }

    /** Publishes that xenstore refused. */
    long failures() {
        return failures;
    }

    private void periodic() {
        // re-armed first: nothing that goes wrong below may stop the minute's report for good
        periodic.reschedule(periodJiffies);
        if (Pages.toKiB(kernel.totalramPages()) != lastTotalKiB || Pages.toKiB(kernel.freePages()) != lastFreeKiB) {
            publish();
        }
    }

    /** After any change: writes when a figure moved by more than 1 % of what was last written. */
    void maybePublish() {
        if (!movedMoreThanOnePercent()) {
            return;
        }
        if (!scheduler.isRunningTask()) {
            publish();
        } else if (!afterSteps.isPending()) {
            afterSteps.reschedule(0);
        }
    }

    private void publishIfMoved() {
        if (movedMoreThanOnePercent()) {
            publish();
        }
    }

    private boolean movedMoreThanOnePercent() {
        return movedMoreThanOnePercent(lastTotalKiB, Pages.toKiB(kernel.totalramPages()))
                || movedMoreThanOnePercent(lastFreeKiB, Pages.toKiB(kernel.freePages()));
    }

    private static boolean movedMoreThanOnePercent(long last, long now) {
        return last < 0 || Math.abs(now - last) * 100 > last;
    }

    private void publish() {
        lastTotalKiB = Pages.toKiB(kernel.totalramPages());
        lastFreeKiB = Pages.toKiB(kernel.freePages());
        try {
            connection.write(0, "data/meminfo_total", Long.toString(lastTotalKiB).getBytes(StandardCharsets.US_ASCII));
            connection.write(0, "data/meminfo_free", Long.toString(lastFreeKiB).getBytes(StandardCharsets.US_ASCII));
            writes++;
        } catch (XenException e) {
            failures++;
            log.debug("domain {} could not publish its meminfo: {} {}", kernel.domid(), e.errno(), e.getMessage());
        }
    }
}
