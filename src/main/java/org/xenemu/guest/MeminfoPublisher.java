package org.xenemu.guest;

import java.nio.charset.StandardCharsets;
import org.xenemu.clock.ScheduledTask;
import org.xenemu.clock.Scheduler;
import org.xenemu.xenstore.XsConnection;

/**
 * The guest's report of its memory in its own xenstore home: {@code data/meminfo_total} and
 * {@code data/meminfo_free} (KiB, decimal, as a guest agent such as xe-guest-utilities writes
 * them), whenever either moved by more than 1 % since the last write, and every 60 virtual
 * seconds regardless. It writes through the domain's own connection, so xenstore permissions
 * and quotas apply as for a real guest.
 */
final class MeminfoPublisher {
    static final long PERIOD_SECONDS = 60;

    private final GuestKernel kernel;
    private final XsConnection connection;
    private final ScheduledTask periodic;
    private final long periodJiffies;
    private long lastTotalKiB = -1;
    private long lastFreeKiB = -1;
    private long writes;

    MeminfoPublisher(GuestKernel kernel, XsConnection connection, Scheduler scheduler) {
        this.kernel = kernel;
        this.connection = connection;
        this.periodJiffies = scheduler.clock().secondsToJiffies(PERIOD_SECONDS);
        this.periodic = scheduler.newTask("guest-meminfo-" + kernel.domid(), this::periodic);
    }

    void start() {
        publish();
        periodic.reschedule(periodJiffies);
    }

    void stop() {
        periodic.cancel();
        connection.close();
    }

    long writes() {
        return writes;
    }

    private void periodic() {
        publish();
        periodic.reschedule(periodJiffies);
    }

    /** After any change: writes when a figure moved by more than 1 % of what was last written. */
    void maybePublish() {
        long total = kernel.totalramPages() * 4;
        long free = kernel.freePages() * 4;
        if (movedMoreThanOnePercent(lastTotalKiB, total) || movedMoreThanOnePercent(lastFreeKiB, free)) {
            publish();
        }
    }

    private static boolean movedMoreThanOnePercent(long last, long now) {
        return last < 0 || Math.abs(now - last) * 100 > last;
    }

    private void publish() {
        lastTotalKiB = kernel.totalramPages() * 4;
        lastFreeKiB = kernel.freePages() * 4;
        connection.write(0, "data/meminfo_total", Long.toString(lastTotalKiB).getBytes(StandardCharsets.US_ASCII));
        connection.write(0, "data/meminfo_free", Long.toString(lastFreeKiB).getBytes(StandardCharsets.US_ASCII));
        writes++;
    }
}
