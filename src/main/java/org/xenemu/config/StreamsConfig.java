package org.xenemu.config;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import tools.jackson.databind.json.JsonMapper;
import org.xenemu.events.EventBus;
import org.xenemu.events.web.EventFeed;
import org.xenemu.events.web.EventStreamSettings;
import org.xenemu.web.SseStreams;
import org.xenemu.xenstore.Xenstore;
import org.xenemu.xenstore.web.RestSessions;
import org.xenemu.xenstore.web.WatchStreamSettings;

/**
 * The web layer's long-lived parts and their threads, all Spring beans: server-sent-event streams
 * (engine events and xenstore watches) with their sender pool and keep-alive timer, and the REST
 * xenstore sessions with their idle-transaction reaper. These threads run on wall time — they
 * serve HTTP clients, not the emulated machine — and are shut down with the context.
 */
@Configuration(proxyBeanMethods = false)
public class StreamsConfig {

    /**
     * Writes every stream to its reader: a fixed pool (xenemu.events.stream-writers threads), so
     * streams cost no thread each. A writer never waits for a reader (non-blocking output), so a
     * few serve any number of streams; its queue holds at most one task per open stream.
     */
    @Bean
    ThreadPoolTaskExecutor sseWriters(EventsProperties events) {
        ThreadPoolTaskExecutor executor = new StreamWriters();
        executor.setThreadNamePrefix("xenemu-sse-");
        executor.setDaemon(true);
        executor.setCorePoolSize(events.streamWriters());
        executor.setMaxPoolSize(events.streamWriters());
        // streams still offer while the context closes; sseShutdown ends them, then this pool stops
        executor.setAcceptTasksAfterContextClose(true);
        return executor;
    }

    /**
     * The writers keep running when the context is paused ({@code ConfigurableApplicationContext.pause()},
     * which the test framework does to every cached context it is not using): {@link #sseShutdown}
     * ends the open streams then, and it is the writers that end them. A paused pool would only
     * queue that work, and the context's web server — still up while paused — would then wait its
     * whole graceful-shutdown period for those streams when the context is finally closed.
     */
    static final class StreamWriters extends ThreadPoolTaskExecutor {
        @Override
        public boolean isPauseable() {
            return false;
        }
    }

    @Bean
    ThreadPoolTaskScheduler sseKeepAlive() {
        return scheduler("xenemu-sse-keepalive-");
    }

    @Bean
    ThreadPoolTaskScheduler xenstoreRestReaper() {
        return scheduler("xenstore-rest-tx-reaper-");
    }

    @Bean
    SseStreams sseStreams(ThreadPoolTaskExecutor sseWriters, ThreadPoolTaskScheduler sseKeepAlive,
                          EventsProperties events, JsonMapper json) {
        return new SseStreams(sseWriters, sseKeepAlive, events.keepAlive(), json::writeValueAsBytes);
    }

    /** The engine events for every /events stream: one subscriber of the bus, one shared ring. */
    @Bean
    EventFeed eventFeed(EventBus events, SseStreams streams, EventStreamSettings settings) {
        return new EventFeed(events, streams, settings);
    }

    /**
     * Ends every open event or watch stream when the service stops. Without it, Tomcat's graceful
     * shutdown waits its whole grace period for these never-ending responses, longer than a
     * container runtime waits before it kills the process. Runs in the first shutdown phase,
     * before the web server's graceful shutdown starts.
     */
    @Bean
    SmartLifecycle sseShutdown(SseStreams streams) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                running = true;
            }

            @Override
            public void stop() {
                running = false;
                streams.closeAll();
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return Integer.MAX_VALUE;
            }
        };
    }

    @Bean
    EventStreamSettings eventStreamSettings(EventsProperties events) {
        return new EventStreamSettings(events.streamQueue());
    }

    @Bean
    WatchStreamSettings watchStreamSettings(XenstoreProperties xenstore) {
        return new WatchStreamSettings(xenstore.watchStreamQueue());
    }

    @Bean(destroyMethod = "close")
    RestSessions xenstoreRestSessions(Xenstore xenstore, XenstoreProperties props,
                                      ThreadPoolTaskScheduler xenstoreRestReaper) {
        return new RestSessions(xenstore, props.restTransactionIdleSeconds(), xenstoreRestReaper);
    }

    private static ThreadPoolTaskScheduler scheduler(String threadNamePrefix) {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix(threadNamePrefix);
        scheduler.setDaemon(true);
        scheduler.setPoolSize(1);
        scheduler.setAcceptTasksAfterContextClose(true);
        return scheduler;
    }
}
