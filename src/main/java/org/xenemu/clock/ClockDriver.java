package org.xenemu.clock;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that runs due tasks in realtime mode. In manual mode it idles; advances run on
 * the caller's thread instead.
 */
public final class ClockDriver {
    private static final Logger log = LoggerFactory.getLogger(ClockDriver.class);
    private static final long MAX_WAIT_NANOS = 100_000_000L;

    private final Scheduler scheduler;
    private volatile boolean running;
    private @Nullable Thread thread;

    public ClockDriver(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "xenemu-clock");
        thread.setDaemon(true);
        thread.start();
    }

    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    public boolean isRunning() {
        return running;
    }

    private void loop() {
        while (running) {
            try {
                scheduler.awaitWork(MAX_WAIT_NANOS);
                if (scheduler.clock().mode() == ClockMode.REALTIME) {
                    scheduler.runDue();
                }
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            } catch (RuntimeException e) {
                log.error("clock driver step failed", e);
            }
        }
    }
}
