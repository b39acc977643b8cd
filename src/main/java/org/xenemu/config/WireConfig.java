package org.xenemu.config;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.xenemu.xenstore.Xenstore;
import org.xenemu.xenstore.wire.WireLimits;
import org.xenemu.xenstore.wire.WireService;

/**
 * Starts the xenstored sockets with the service (after the store exists) and removes them on
 * shutdown. {@code xenemu.wire.enabled=false} leaves the sockets out altogether: no bean, no
 * lifecycle (rather than a bean that is null).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "xenemu.wire.enabled", havingValue = "true", matchIfMissing = true)
public class WireConfig {

    @Bean
    WireService wireService(Xenstore xenstore, WireProperties props, RunDirProperties run) {
        return new WireService(xenstore, run.runDir(), props.toLimits(), props.ioThreads());
    }

    @Bean
    SmartLifecycle wireLifecycle(WireService service) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                service.start();
                running = true;
            }

            @Override
            public void stop() {
                service.stop();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }
}
