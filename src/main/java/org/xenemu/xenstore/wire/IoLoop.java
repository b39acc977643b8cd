package org.xenemu.xenstore.wire;

import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One selector thread. Every channel it owns is touched only from this thread; other threads hand
 * it work through {@link #execute}, which is how watch events from the store reach a socket.
 */
final class IoLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(IoLoop.class);

    /** What a registered key's attachment does when its channel is ready. */
    interface Handler {
        void onReady(SelectionKey key);

        void close();
    }

    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
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
                if (tasks.isEmpty()) {
                    selector.select();
                } else {
                    selector.selectNow();
                }
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
        } catch (RuntimeException e) {
            // one broken connection must never stop the loop that serves the others
            log.warn("closing a xenstore socket connection after an unexpected error", e);
            h.close();
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
