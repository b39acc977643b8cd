package org.xenemu.clock;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
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
 * <p>The queue is a calendar: one {@link Bucket} per due jiffy that has tasks, holding them in a
 * doubly-linked list in submission order — a task is always appended with a fresh sequence number,
 * so a bucket's list is in sequence order without comparing — and a binary heap of the buckets by
 * jiffy (their jiffies kept in an array beside it, so that sifting reads no bucket), found by
 * jiffy through an open-addressing map. Queuing, cancelling and running a task are O(1) but for
 * the first task of a jiffy and the last one leaving it, which add or remove its bucket in
 * O(log buckets); periodic engines, whose many tasks share few jiffies, mostly touch the lists
 * only, and a bucket being run stays in the heap until its last task has run, so that work a task
 * queues for its own jiffy joins it. Nothing is allocated per run: tasks are re-armed in place and
 * emptied buckets are kept for reuse.
 *
 * <p>Every task runs with the engine lock held, and so does most of what they queue: a call made
 * by the thread that already holds the lock does not take it again.
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
    private Bucket[] heap = new Bucket[64];
    /** {@code heap[i].jiffy}, kept beside the heap so that sifting compares without visiting the buckets. */
    private long[] heapKeys = new long[64];
    private int buckets;
    private final JiffyMap byJiffy = new JiffyMap();
    /** Emptied buckets kept for reuse, linked through {@link Bucket#nextFree}. */
    private @Nullable Bucket free;
    /**
     * Buckets recently queued into, by jiffy modulo 64: re-arming tasks mostly go to a few jiffies
     * (now, and one period on), so most lookups end here without hashing.
     */
    private final @Nullable Bucket[] recent = new Bucket[RECENT];
    private static final int RECENT = 64;
    private int size;
    private long nextSequence;
    private long runs;
    private int runningTasks;
    /** Where the manual advance in progress ends (across all its slices), or -1: {@link #advanceEndJiffy()}. */
    private long advanceEnd = -1;

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
        if (lock.isHeldByCurrentThread()) {
            return work.get();
        }
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    public void locked(Runnable work) {
        if (lock.isHeldByCurrentThread()) {
            work.run();
            return;
        }
        lock.lock();
        try {
            work.run();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The jiffy at which the manual advance in progress will end, across the slices
     * {@link ClockControl} runs it in, or -1 when none is announced: an engine whose work only
     * matters at the end (the dashboard's sample ring, which keeps the last few samples) may skip
     * what the end would throw away.
     */
    public long advanceEndJiffy() {
        return locked(() -> advanceEnd);
    }

    /** {@link ClockControl}: a manual advance to {@code jiffy} begins ({@code -1}: it ended). */
    void announceAdvanceEnd(long jiffy) {
        locked(() -> {
            advanceEnd = jiffy;
        });
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
        if (lock.isHeldByCurrentThread()) {
            queue(task, Math.addExact(clock.jiffies(), delayJiffies));
            return;
        }
        lock.lock();
        try {
            queue(task, Math.addExact(clock.jiffies(), delayJiffies));
        } finally {
            lock.unlock();
        }
    }

    void requeueAt(ScheduledTask task, long jiffy) {
        if (lock.isHeldByCurrentThread()) {
            queue(task, jiffy);
            return;
        }
        lock.lock();
        try {
            queue(task, jiffy);
        } finally {
            lock.unlock();
        }
    }

    void cancel(ScheduledTask task) {
        if (lock.isHeldByCurrentThread()) {
            unlink(task);
            return;
        }
        lock.lock();
        try {
            unlink(task);
        } finally {
            lock.unlock();
        }
    }

    boolean isQueued(ScheduledTask task) {
        if (lock.isHeldByCurrentThread()) {
            return task.bucket != null;
        }
        lock.lock();
        try {
            return task.bucket != null;
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
        long movedTo = Long.MIN_VALUE;
        ScheduledTask task;
        while ((task = nextDue(targetJiffy)) != null) {
            long jiffy = task.dueJiffy;
            if (jiffy != movedTo) {
                // earlier jiffies than the clock's (a task re-armed in the past) leave it where it is
                clock.moveTo(clock.jiffyStartNanos(jiffy));
                movedTo = jiffy;
            }
            runOne(task);
        }
        clock.moveTo(targetNanos);
    }

    /** Realtime mode: runs every task due at or before the clock's current jiffy. */
    public void runDue() {
        lock.lock();
        try {
            long now = clock.jiffies();
            ScheduledTask task;
            while ((task = nextDue(now)) != null) {
                runOne(task);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next task due at or before {@code jiffy}, taken off its bucket ({@link #detach}), or
     * null; drops the emptied buckets it meets at the top (the lock is held).
     */
    private @Nullable ScheduledTask nextDue(long jiffy) {
        while (buckets > 0 && heapKeys[0] <= jiffy) {
            Bucket b = heap[0];
            ScheduledTask task = b.head;
            if (task != null) {
                detach(b, task);
                return task;
            }
            removeBucket(b);
        }
        return null;
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
            if (clock.mode() == ClockMode.REALTIME && buckets > 0) {
                wait = Math.min(wait, clock.wallNanosUntil(clock.jiffyStartNanos(heapKeys[0])));
            }
            if (wait > 0) {
                changed.await(wait, TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- the calendar: buckets of tasks by jiffy, a heap of buckets ----

    /** Queues {@code task} at {@code jiffy} with a fresh sequence number (the lock is held). */
    private void queue(ScheduledTask task, long jiffy) {
        unlink(task);
        task.dueJiffy = jiffy;
        task.sequence = nextSequence++;
        int r = (int) jiffy & (RECENT - 1);
        Bucket b = recent[r];
        if (b == null || b.jiffy != jiffy || b.heapIndex < 0) {
            b = byJiffy.get(jiffy);
            if (b == null) {
                b = newBucket(jiffy);
            }
            recent[r] = b;
        }
        ScheduledTask tail = b.tail;
        task.prev = tail;
        task.next = null;
        if (tail == null) {
            b.head = task;
        } else {
            tail.next = task;
        }
        b.tail = task;
        task.bucket = b;
        size++;
        if (b.heapIndex == 0 && b.head == task && runningTasks == 0) {
            // a new earliest task: the driver waiting for the old one recomputes its wait (a task
            // being run means the lock holder is the one running due tasks and looks again itself)
            changed.signalAll();
        }
    }

    /** Takes {@code task} out of its bucket if it is queued; an emptied bucket leaves the heap (the lock is held). */
    private void unlink(ScheduledTask task) {
        Bucket b = task.bucket;
        if (b == null) {
            return;
        }
        detach(b, task);
        if (b.head == null) {
            removeBucket(b);
        }
    }

    /**
     * Takes {@code task} out of bucket {@code b}'s list, leaving the bucket where it is even if it
     * is now empty (the lock is held). The run loops take each task off this way, so that a task
     * which queues work for its own jiffy — the balloon wake a selfballoon decision queues, a
     * watch's reaction — finds its bucket in place instead of putting it back into the heap; the
     * loop drops the bucket once it stays empty.
     */
    private void detach(Bucket b, ScheduledTask task) {
        ScheduledTask prev = task.prev;
        ScheduledTask next = task.next;
        if (prev == null) {
            b.head = next;
        } else {
            prev.next = next;
        }
        if (next == null) {
            b.tail = prev;
        } else {
            next.prev = prev;
        }
        task.prev = null;
        task.next = null;
        task.bucket = null;
        size--;
    }

    private Bucket newBucket(long jiffy) {
        Bucket b = free;
        if (b == null) {
            b = new Bucket();
        } else {
            free = b.nextFree;
            b.nextFree = null;
        }
        b.jiffy = jiffy;
        byJiffy.put(jiffy, b);
        if (buckets == heap.length) {
            heap = Arrays.copyOf(heap, buckets * 2);
            heapKeys = Arrays.copyOf(heapKeys, buckets * 2);
        }
        siftUp(buckets++, b);
        return b;
    }

    private void removeBucket(Bucket b) {
        byJiffy.remove(b.jiffy);
        int index = b.heapIndex;
        b.heapIndex = -1;
        int lastIndex = --buckets;
        if (index != lastIndex) {
            Bucket moved = heap[lastIndex];
            heap[lastIndex] = null;
            siftDown(index, moved);
            if (moved.heapIndex == index) {
                siftUp(index, moved);
            }
        } else {
            heap[lastIndex] = null;
        }
        b.jiffy = Long.MIN_VALUE;
        b.nextFree = free;
        free = b;
    }

    private void siftUp(int index, Bucket b) {
        long key = b.jiffy;
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            long parentKey = heapKeys[parent];
            if (key >= parentKey) {
                break;
            }
            Bucket p = heap[parent];
            heap[index] = p;
            heapKeys[index] = parentKey;
            p.heapIndex = index;
            index = parent;
        }
        heap[index] = b;
        heapKeys[index] = key;
        b.heapIndex = index;
    }

    private void siftDown(int index, Bucket b) {
        long key = b.jiffy;
        int half = buckets >>> 1;
        while (index < half) {
            int child = 2 * index + 1;
            long childKey = heapKeys[child];
            int right = child + 1;
            if (right < buckets && heapKeys[right] < childKey) {
                child = right;
                childKey = heapKeys[right];
            }
            if (key <= childKey) {
                break;
            }
            Bucket c = heap[child];
            heap[index] = c;
            heapKeys[index] = childKey;
            c.heapIndex = index;
            index = child;
        }
        heap[index] = b;
        heapKeys[index] = key;
        b.heapIndex = index;
    }

    /** The tasks due at one jiffy, in sequence order. */
    static final class Bucket {
        long jiffy = Long.MIN_VALUE;
        int heapIndex = -1;
        @Nullable ScheduledTask head;
        @Nullable ScheduledTask tail;
        @Nullable Bucket nextFree;
    }

    /** Jiffy → bucket: open addressing, linear probing, deletion by backward shift; never more than half full. */
    static final class JiffyMap {
        private long[] keys = new long[64];
        private @Nullable Bucket[] values = new Bucket[64];
        private int count;

        @Nullable Bucket get(long jiffy) {
            int mask = keys.length - 1;
            for (int i = slot(jiffy, mask); ; i = (i + 1) & mask) {
                Bucket b = values[i];
                if (b == null) {
                    return null;
                }
                if (keys[i] == jiffy) {
                    return b;
                }
            }
        }

        void put(long jiffy, Bucket bucket) {
            if (2 * (count + 1) > keys.length) {
                grow();
            }
            int mask = keys.length - 1;
            int i = slot(jiffy, mask);
            while (values[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = jiffy;
            values[i] = bucket;
            count++;
        }

        void remove(long jiffy) {
            int mask = keys.length - 1;
            int i = slot(jiffy, mask);
            while (true) {
                if (values[i] == null) {
                    return;
                }
                if (keys[i] == jiffy) {
                    break;
                }
                i = (i + 1) & mask;
            }
            count--;
            // backward shift: move later entries of the probe run into the hole when their home allows it
            int hole = i;
            for (int j = (hole + 1) & mask; values[j] != null; j = (j + 1) & mask) {
                int home = slot(keys[j], mask);
                boolean between = hole <= j ? hole < home && home <= j : hole < home || home <= j;
                if (!between) {
                    keys[hole] = keys[j];
                    values[hole] = values[j];
                    hole = j;
                }
            }
            values[hole] = null;
        }

        private void grow() {
            long[] oldKeys = keys;
            Bucket[] oldValues = values;
            keys = new long[oldKeys.length * 2];
            values = new Bucket[oldKeys.length * 2];
            count = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                Bucket b = oldValues[i];
                if (b != null) {
                    put(oldKeys[i], b);
                }
            }
        }

        private static int slot(long jiffy, int mask) {
            long h = jiffy * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32)) & mask;
        }
    }

    // ---- snapshots: capture and restore (additive; see docs/snapshots.md) ----

    /** The sequence number the next queued task will get (read under the engine lock for a snapshot). */
    public long nextSequence() {
        return locked(() -> nextSequence);
    }

    /**
     * Restore, step 1: takes every task off the queue (the task objects stay usable, unqueued).
     * The engines that owned them are discarded; the restored engines queue their own.
     */
    public void clearForRestore() {
        locked(() -> {
            while (buckets > 0) {
                Bucket b = heap[0];
                ScheduledTask task = b.head;
                if (task == null) {
                    removeBucket(b);
                } else {
                    unlink(task);
                }
            }
        });
    }

    /**
     * Restore: queues {@code task} at exactly the saved (due jiffy, sequence), so that ties order as
     * they did when the snapshot was taken, whatever order the restore puts tasks back in: the task
     * goes into its jiffy's bucket after the tasks of lower sequence (a bucket's list stays in
     * sequence order). The sequence counter is not touched (see {@link #restoreCounters}).
     */
    void restoreAt(ScheduledTask task, long dueJiffy, long sequence) {
        locked(() -> {
            unlink(task);
            task.dueJiffy = dueJiffy;
            task.sequence = sequence;
            Bucket b = byJiffy.get(dueJiffy);
            if (b == null) {
                b = newBucket(dueJiffy);
            }
            ScheduledTask before = b.tail;
            while (before != null && before.sequence > sequence) {
                before = before.prev;
            }
            ScheduledTask after = before == null ? b.head : before.next;
            task.prev = before;
            task.next = after;
            if (before == null) {
                b.head = task;
            } else {
                before.next = task;
            }
            if (after == null) {
                b.tail = task;
            } else {
                after.prev = task;
            }
            task.bucket = b;
            size++;
            changed.signalAll();
        });
    }

    /** Restore, last step: the next sequence number and the run count as saved. */
    public void restoreCounters(long savedNextSequence, long savedRuns) {
        locked(() -> {
            nextSequence = savedNextSequence;
            runs = savedRuns;
        });
    }

}
