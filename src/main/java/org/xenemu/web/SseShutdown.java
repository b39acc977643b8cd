package org.xenemu.web;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Ends every open event or watch stream when the service stops. Without it, Tomcat's graceful
 * shutdown waits its whole grace period for these never-ending responses, longer than a
 * container runtime waits before it kills the process. Runs in the first shutdown phase, before
 * the web server's graceful shutdown starts.
 */
@Component
class SseShutdown implements SmartLifecycle {
    private volatile boolean running;

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        SseStream.closeAll();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
