package org.xenemu.clock;

import org.jspecify.annotations.Nullable;

/**
 * A task on the {@link Scheduler}: due at a jiffy, ordered by (due jiffy, submission sequence).
 * Re-arming with {@link #reschedule(long)} reuses this object, so periodic engines allocate
 * nothing per run.
 */
public final class ScheduledTask {
    private final Scheduler scheduler;
    private final Runnable action;
    final String name;
    long dueJiffy;
    long sequence;
    /** The scheduler's bucket of {@link #dueJiffy} while queued, else null; the neighbours in it. */
    Scheduler.@Nullable Bucket bucket;
    @Nullable ScheduledTask prev;
    @Nullable ScheduledTask next;

    ScheduledTask(Scheduler scheduler, String name, Runnable action) {
        this.scheduler = scheduler;
        this.name = name;
        this.action = action;
    }

    void run() {
        action.run();
    }

    public boolean isPending() {
        return scheduler.isQueued(this);
    }

    public long dueJiffy() {
        return dueJiffy;
    }

    public String name() {
        return name;
    }

    /** Removes the task from the queue if it is there; a cancelled task can be re-armed later. */
    public void cancel() {
        scheduler.cancel(this);
    }

    /** Queues (or re-queues) the task {@code delayJiffies} after now, with a fresh sequence number. */
    public void reschedule(long delayJiffies) {
        scheduler.requeue(this, delayJiffies);
    }

    /** Queues (or re-queues) the task at an absolute jiffy (the past means now). */
    public void rescheduleAt(long jiffy) {
        scheduler.requeueAt(this, jiffy);
    }

    // ---- snapshots ----

    /** Where the task is queued, or null when it is not: what a snapshot saves of a timer. */
    public @Nullable TaskSlot slot() {
        return scheduler.locked(() -> bucket != null ? new TaskSlot(dueJiffy, sequence) : null);
    }

    /** Restore: queues the task at the saved slot exactly, or leaves it unqueued for null. */
    public void restore(@Nullable TaskSlot slot) {
        if (slot == null) {
            cancel();
        } else {
            scheduler.restoreAt(this, slot.dueJiffy(), slot.sequence());
        }
    }
}
