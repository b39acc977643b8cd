package org.xenemu.xenstore.wire;

import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One selector thread. Every channel it owns is touched only from this thread; other threads hand
 * it work through {@link #execute}, which is how watch events from the store reach a socket.
 * {@link #schedule} runs a task on this thread after a delay, by bounding the select's timeout,
 * never by sleeping: the accept backoff after EMFILE uses it. Its clock is the monotonic
 * {@link System#nanoTime()}: file descriptors come back in real time, whatever the host's virtual
 * clock does, and nothing of the emulated host depends on it.
 */
final class IoLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(IoLoop.class);

    /** What a registered key's attachment does when its channel is ready. */
    interface Handler {
        void onReady(SelectionKey key);

        void close();
    }

    /**
     * Loaded with this class, not when the first accept failure needs a timer: by then the process
     * may be out of file descriptors, and a class file that cannot be opened is a class that never
     * loads (the JVM remembers a failed resolution).
     */
    private static final Class<?> TIMER_CLASS = Timer.class;

    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Delayed tasks by due time (nanoTime), then order of scheduling; loop thread only. */
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private long timerSequence;
    private long unexpectedFailures;
    private final Thread thread;
    private volatile boolean running = true;

    IoLoop(String name) throws IOException {
        this.selector = Selector.open();
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    Selector selector() {
        return selector;
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    private record Timer(long dueNanos, long sequence, Runnable task) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(dueNanos - o.dueNanos, 0); // nanoTime may wrap: compare differences
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }
    }

    /** On the loop thread: runs {@code task} on it once {@code delayMillis} have passed. */
    void schedule(long delayMillis, Runnable task) {
        if (!inLoop()) {
            throw new IllegalStateException("schedule from the loop thread only");
        }
        timers.add(new Timer(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis), timerSequence++, task));
    }

    void execute(Runnable task) {
        tasks.add(task);
        if (!inLoop()) {
            selector.wakeup();
        }
    }

    @Override
    public void run() {
        while (running) {
            try {
                long waitMillis = timers.isEmpty() ? 0 : untilNextTimerMillis();
                if (!tasks.isEmpty() || waitMillis < 0) {
                    selector.selectNow();
                } else {
                    selector.select(waitMillis); // 0 = until woken
                }
                runTimers();
                runTasks();
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (key.isValid() && key.attachment() instanceof Handler h) {
                        ready(h, key);
                    }
                }
            } catch (IOException | ClosedSelectorException e) {
                if (running) {
                    log.error("selector loop {} failed", thread.getName(), e);
                }
                break;
            } catch (RuntimeException | LinkageError e) {
                // never drop the server: log the first such failure, count the others
                if (unexpectedFailures++ == 0) {
                    log.error("selector loop {} failed unexpectedly; going on", thread.getName(), e);
                }
            }
        }
        runTasks();
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Handler h) {
                h.close();
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            log.debug("closing selector", e);
        }
    }

    private static void ready(Handler h, SelectionKey key) {
        try {
            h.onReady(key);
        } catch (RuntimeException | LinkageError e) {
            // one broken connection must never stop the loop that serves the others
            log.warn("closing a xenstore socket connection after an unexpected error", e);
            h.close();
        }
    }

    /** Milliseconds to the next timer, at least 1; -1 when one is due. */
    private long untilNextTimerMillis() {
        long nanos = timers.peek().dueNanos() - System.nanoTime();
        return nanos <= 0 ? -1 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
    }

    private void runTimers() {
        long now = System.nanoTime();
        while (!timers.isEmpty() && timers.peek().dueNanos() - now <= 0) {
            Runnable task = timers.poll().task();
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("xenstore socket timer failed", e);
            }
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("xenstore socket task failed", e);
            }
        }
    }

    void shutdown() {
        running = false;
        selector.wakeup();
        if (!inLoop()) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
