package org.xenemu.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.xenemu.balloon.BalloonFacade;
import org.xenemu.caller.Caller;
import org.xenemu.caller.SecurityMode;
import org.xenemu.caller.TokenRegistry;
import org.xenemu.clock.ClockControl;
import org.xenemu.clock.Scheduler;
import org.xenemu.clock.VirtualClock;
import org.xenemu.events.EventBus;
import org.xenemu.guest.GuestFacade;
import org.xenemu.host.Host;
import org.xenemu.selfballoon.SelfballoonFacade;
import org.xenemu.toolstack.DomainRegistry;
import org.xenemu.toolstack.EmulatedHost;
import org.xenemu.toolstack.HostSettings;
import org.xenemu.toolstack.Toolstack;
import org.xenemu.toolstack.balancer.Balancer;
import org.xenemu.xenstore.Xenstore;

/**
 * The service's emulated host: the properties mapped onto {@link HostSettings}, the plain-Java
 * {@link EmulatedHost} built from them, and its parts exposed as beans for the web layer. dom0
 * boots when the context starts, before the web server accepts requests; the clock's driver
 * thread runs from then until shutdown.
 */
@Configuration(proxyBeanMethods = false)
public class EmulatedHostConfig {
    private static final Logger log = LoggerFactory.getLogger(EmulatedHostConfig.class);

    @Bean
    HostSettings hostSettings(ClockProperties clock, EventsProperties events, HostProperties host,
                              BalloonProperties balloon, GuestProperties guest, SelfballoonProperties selfballoon,
                              XenstoreProperties xenstore, SecurityProperties security, BalancerProperties balancer) {
        return HostSettings.defaults()
                .withClock(clock.mode(), clock.hz(), clock.speed())
                .withEventHistory(events.history())
                .withHost(host.memoryKib(), host.nodes(), host.xenKib(), host.allocationPolicy())
                .withDom0KiB(host.dom0Kib())
                .withBalloonMaxRetryCount(balloon.maxRetryCount())
                .withPublishMeminfo(guest.publishMeminfo())
                .withSelfballoon(selfballoon.toOptions())
                .withXenstoreQuotas(xenstore.quota().toQuotas())
                .withMaxIntroducedDomains(xenstore.maxIntroducedDomains())
                .withIssueTokens(security.mode() == SecurityMode.TOKEN)
                .withBalancer(balancer.toSettings());
    }

    @Bean
    EmulatedHost emulatedHost(HostSettings settings) {
        return EmulatedHost.assemble(settings);
    }

    @Bean
    VirtualClock virtualClock(EmulatedHost host) {
        return host.virtualClock();
    }

    @Bean
    Scheduler scheduler(EmulatedHost host) {
        return host.scheduler();
    }

    @Bean
    EventBus eventBus(EmulatedHost host) {
        return host.events();
    }

    @Bean
    ClockControl clockControl(EmulatedHost host) {
        return host.clock();
    }

    @Bean
    Xenstore xenstore(EmulatedHost host) {
        return host.xenstore();
    }

    @Bean
    Host host(EmulatedHost host) {
        return host.host();
    }

    @Bean
    DomainRegistry domainRegistry(EmulatedHost host) {
        return host.registry();
    }

    @Bean
    Toolstack toolstack(EmulatedHost host) {
        return host.toolstack();
    }

    @Bean
    Balancer balancer(EmulatedHost host) {
        return host.balancer();
    }

    @Bean
    BalloonFacade balloonFacade(EmulatedHost host) {
        return host.balloons();
    }

    @Bean
    GuestFacade guestFacade(EmulatedHost host) {
        return host.guests();
    }

    @Bean
    SelfballoonFacade selfballoonFacade(EmulatedHost host) {
        return host.selfballoons();
    }

    /** The host's tokens; in token mode with the admin token (dom0) registered, generated if not configured. */
    @Bean
    TokenRegistry tokenRegistry(EmulatedHost host, SecurityProperties security) {
        TokenRegistry registry = host.tokens();
        if (security.mode() == SecurityMode.TOKEN) {
            String admin = security.adminToken();
            if (admin == null || admin.isBlank()) {
                admin = TokenRegistry.newToken();
                log.warn("xenemu.security.admin-token is not set; generated admin token: {}", admin);
            }
            registry.register(admin, Caller.DOM0);
        }
        return registry;
    }

    @Bean
    SmartLifecycle dom0Boot(EmulatedHost host) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                host.bootDom0();
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

    @Bean
    SmartLifecycle clockDriverLifecycle(EmulatedHost host) {
        return new SmartLifecycle() {
            @Override
            public void start() {
                host.clockDriver().start();
            }

            @Override
            public void stop() {
                host.clockDriver().stop();
            }

            @Override
            public boolean isRunning() {
                return host.clockDriver().isRunning();
            }
        };
    }
}
