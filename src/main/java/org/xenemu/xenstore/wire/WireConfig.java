package org.xenemu.xenstore.wire;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.xenemu.xenstore.Xenstore;

/** Starts the xenstored sockets with the service (after the store exists) and removes them on shutdown. */
@Configuration(proxyBeanMethods = false)
public class WireConfig {
    private static final Logger log = LoggerFactory.getLogger(WireConfig.class);

    @Bean
    WireService wireService(ObjectProvider<Xenstore> xenstore, WireProperties props, RunDirProperties run) {
        Xenstore store = xenstore.getIfAvailable();
        if (store == null || !props.enabled()) {
            log.warn("xenstored socket disabled (no Xenstore bean or xenemu.wire.enabled=false)");
            return null;
        }
        return new WireService(store, run.runDir(), props.toLimits(), props.ioThreads());
    }

    @Bean
    SmartLifecycle wireLifecycle(ObjectProvider<WireService> service) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                service.ifAvailable(WireService::start);
                running = true;
            }

            @Override
            public void stop() {
                service.ifAvailable(WireService::stop);
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }
}
