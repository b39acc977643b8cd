package org.xenemu.host;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.xenemu.balloon.BalloonProperties;
import org.xenemu.caller.SecurityMode;
import org.xenemu.caller.TokenRegistry;
import org.xenemu.clock.Scheduler;
import org.xenemu.config.SecurityProperties;
import org.xenemu.events.EventBus;
import org.xenemu.units.Pages;
import org.xenemu.xenstore.Xenstore;

/**
 * Wires the host, the domain registry and the toolstack service, and boots dom0 when the
 * context starts (before the web server accepts requests). {@link DomainLifecycleListener}
 * beans are looked up lazily, in {@code @Order}, so engines may depend on the registry.
 */
@Configuration(proxyBeanMethods = false)
public class HostConfig {

    @Bean
    Host host(HostProperties props) {
        return Host.uniform(Pages.fromKiB(props.memoryKib()), props.nodes(), Pages.fromKiB(props.xenKib()),
                props.allocationPolicy());
    }

    @Bean
    DomainRegistry domainRegistry() {
        return new DomainRegistry();
    }

    @Bean
    DomainService domainService(Host host, DomainRegistry registry, Xenstore xenstore, Scheduler scheduler,
                                EventBus events, TokenRegistry tokens, SecurityProperties security,
                                BalloonProperties balloon, ObjectProvider<DomainLifecycleListener> listeners) {
        DomainService.Settings settings = new DomainService.Settings(
                security.mode() == SecurityMode.TOKEN, balloon.maxRetryCount());
        return new DomainService(host, registry, xenstore, scheduler, events, tokens, settings,
                () -> listeners.orderedStream().toList());
    }

    @Bean
    SmartLifecycle dom0Boot(DomainService domains, HostProperties props) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                domains.bootDom0(props.dom0Kib());
                running = true;
            }

            @Override
            public void stop() {
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                // before the web server (Integer.MAX_VALUE - 1) and any engine that runs on domains
                return -1000;
            }
        };
    }
}
