package org.xenemu.clock;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xenemu.error.XenException;

/**
 * Tasks due at a jiffy, run in (due jiffy, submission sequence) order so that ties are
 * deterministic (as CloudSim Plus orders future events by time and serial).
 *
 * <p>The scheduler owns the <em>engine lock</em>: every task runs while holding it, and web
 * requests that touch engine state take it through {@link #locked(Supplier)}, so an engine never
 * sees a half-done request and a request never sees a half-done step. In manual mode,
 * {@link #advance(long)} runs due tasks on the caller's thread; in realtime mode the
 * {@link ClockDriver} thread calls {@link #runDue()}.
 *
 * <p>The queue is a binary heap of {@link ScheduledTask} objects that remember their index, so
 * cancel and re-arm are O(log n) and allocate nothing.
 */
public final class Scheduler {
    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

    private final VirtualClock clock;
    /**
     * Fair, so that a long manual advance, which lets go of it between slices
     * ({@link ClockControl}), serves the requests waiting for it instead of taking it straight
     * back. Fairness costs nothing when nobody waits, nor on re-entry by the holder.
     */
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Condition changed = lock.newCondition();
    private ScheduledTask[] heap = new ScheduledTask[64];
    private int size;
    private long nextSequence;
    private long runs;
    private int runningTasks;

    public Scheduler(VirtualClock clock) {
        this.clock = clock;
    }

    public VirtualClock clock() {
        return clock;
    }

    /** A task object that is not yet queued; arm it with {@link ScheduledTask#reschedule(long)}. */
    public ScheduledTask newTask(String name, Runnable action) {
        return new ScheduledTask(this, name, action);
    }

    /** Queues {@code action} to run {@code delayJiffies} (≥ 0) after now. */
    public ScheduledTask schedule(String name, long delayJiffies, Runnable action) {
        ScheduledTask task = newTask(name, action);
        requeue(task, delayJiffies);
        return task;
    }

    public <T> T locked(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    public void locked(Runnable work) {
        lock.lock();
        try {
            work.run();
        } finally {
            lock.unlock();
        }
    }

    public boolean holdsLock() {
        return lock.isHeldByCurrentThread();
    }

    public int pendingTasks() {
        return locked(() -> size);
    }

    /** Tasks run since start. */
    public long taskRuns() {
        return locked(() -> runs);
    }

    void requeue(ScheduledTask task, long delayJiffies) {
        if (delayJiffies < 0) {
            throw new IllegalArgumentException("negative delay: " + delayJiffies);
        }
        lock.lock();
        try {
            requeueAt(task, Math.addExact(clock.jiffies(), delayJiffies));
        } finally {
            lock.unlock();
        }
    }

    void requeueAt(ScheduledTask task, long jiffy) {
        lock.lock();
        try {
            if (task.heapIndex >= 0) {
                removeAt(task.heapIndex);
            }
            task.dueJiffy = jiffy;
            task.sequence = nextSequence++;
            insert(task);
            if (task.heapIndex == 0) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    void cancel(ScheduledTask task) {
        lock.lock();
        try {
            if (task.heapIndex >= 0) {
                removeAt(task.heapIndex);
            }
        } finally {
            lock.unlock();
        }
    }

    boolean isQueued(ScheduledTask task) {
        lock.lock();
        try {
            return task.heapIndex >= 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Manual mode: moves the clock forward by {@code jiffies}, running every task due on the way in
     * order, each with the clock at its due jiffy; tasks queued for the current jiffy run within
     * the same advance. Returns when the clock has reached the new time.
     */
    public void advance(long jiffies) {
        if (jiffies < 0) {
            throw XenException.invalid("cannot advance by a negative amount");
        }
        lock.lock();
        try {
            verifyManual();
            long targetJiffy = Math.addExact(clock.jiffies(), jiffies);
            advanceTo(targetJiffy, clock.jiffyStartNanos(targetJiffy));
        } finally {
            lock.unlock();
        }
    }

    /** Manual mode: as {@link #advance(long)}, by nanoseconds (the end may fall between ticks). */
    public void advanceNanos(long nanos) {
        if (nanos < 0) {
            throw XenException.invalid("cannot advance by a negative amount");
        }
        lock.lock();
        try {
            verifyManual();
            long targetNanos = Math.addExact(clock.nanos(), nanos);
            advanceTo(clock.nanosToJiffies(targetNanos), targetNanos);
        } finally {
            lock.unlock();
        }
    }

    private void verifyManual() {
        if (clock.mode() != ClockMode.MANUAL) {
            throw XenException.busy("the clock is in realtime mode; switch to manual to advance it");
        }
    }

    private void advanceTo(long targetJiffy, long targetNanos) {
        while (size > 0 && heap[0].dueJiffy <= targetJiffy) {
            ScheduledTask task = heap[0];
            removeAt(0);
            clock.moveTo(clock.jiffyStartNanos(task.dueJiffy));
            runOne(task);
        }
        clock.moveTo(targetNanos);
    }

    /** Realtime mode: runs every task due at or before the clock's current jiffy. */
    public void runDue() {
        lock.lock();
        try {
            long now = clock.jiffies();
            while (size > 0 && heap[0].dueJiffy <= now) {
                ScheduledTask task = heap[0];
                removeAt(0);
                runOne(task);
            }
        } finally {
            lock.unlock();
        }
    }

    private void runOne(ScheduledTask task) {
        runs++;
        runningTasks++;
        try {
            task.run();
        } catch (RuntimeException e) {
            // One broken engine step must not stop time for every other engine.
            log.error("task {} failed at jiffy {}", task.name, task.dueJiffy, e);
        } finally {
            runningTasks--;
        }
    }

    /**
     * Whether the calling thread is inside a scheduled task (an engine step), as opposed to a
     * request: work it queues for the current jiffy still runs before the advance returns.
     */
    public boolean isRunningTask() {
        return lock.isHeldByCurrentThread() && runningTasks > 0;
    }

    /** Wakes the driver after a mode or speed change. */
    public void signalChange() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Driver thread: waits until the next task is due in wall time (or something changes), at most
     * {@code maxWaitNanos}. Returns after waiting; the caller then calls {@link #runDue()}.
     */
    void awaitWork(long maxWaitNanos) throws InterruptedException {
        lock.lock();
        try {
            long wait = maxWaitNanos;
            if (clock.mode() == ClockMode.REALTIME && size > 0) {
                wait = Math.min(wait, clock.wallNanosUntil(clock.jiffyStartNanos(heap[0].dueJiffy)));
            }
            if (wait > 0) {
                changed.await(wait, TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- binary heap ordered by (dueJiffy, sequence) ----

    private static boolean before(ScheduledTask a, ScheduledTask b) {
        return a.dueJiffy < b.dueJiffy || (a.dueJiffy == b.dueJiffy && a.sequence < b.sequence);
    }

    private void insert(ScheduledTask task) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        siftUp(size++, task);
    }

    private void removeAt(int index) {
        ScheduledTask removed = heap[index];
        removed.heapIndex = -1;
        int last = --size;
        if (index == last) {
            heap[last] = null;
            return;
        }
        ScheduledTask moved = heap[last];
        heap[last] = null;
        siftDown(index, moved);
        if (moved.heapIndex == index) {
            siftUp(index, moved);
        }
    }

    private void siftUp(int index, ScheduledTask task) {
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            ScheduledTask p = heap[parent];
            if (!before(task, p)) {
                break;
            }
            heap[index] = p;
            p.heapIndex = index;
            index = parent;
        }
        heap[index] = task;
        task.heapIndex = index;
    }

    private void siftDown(int index, ScheduledTask task) {
        int half = size >>> 1;
        while (index < half) {
            int child = 2 * index + 1;
            ScheduledTask c = heap[child];
            int right = child + 1;
            if (right < size && before(heap[right], c)) {
                child = right;
                c = heap[child];
            }
            if (!before(c, task)) {
                break;
            }
            heap[index] = c;
            c.heapIndex = index;
            index = child;
        }
        heap[index] = task;
        task.heapIndex = index;
    }
}
