package org.xenemu.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.xenemu.caller.Caller;
import org.xenemu.caller.SecurityMode;
import org.xenemu.caller.TokenRegistry;
import org.xenemu.clock.ClockControl;
import org.xenemu.clock.ClockDriver;
import org.xenemu.clock.Scheduler;
import org.xenemu.clock.VirtualClock;
import org.xenemu.clock.WallClock;
import org.xenemu.events.EventBus;

/** Wires the plain-Java core: the clock, its scheduler and driver, the event bus, the tokens. */
@Configuration(proxyBeanMethods = false)
public class CoreConfig {
    private static final Logger log = LoggerFactory.getLogger(CoreConfig.class);

    @Bean
    VirtualClock virtualClock(ClockProperties props) {
        return new VirtualClock(props.hz(), props.mode(), props.speed(), WallClock.SYSTEM);
    }

    @Bean
    Scheduler scheduler(VirtualClock clock) {
        return new Scheduler(clock);
    }

    @Bean
    ClockDriver clockDriver(Scheduler scheduler) {
        return new ClockDriver(scheduler);
    }

    @Bean
    SmartLifecycle clockDriverLifecycle(ClockDriver driver) {
        return new SmartLifecycle() {
            @Override
            public void start() {
                driver.start();
            }

            @Override
            public void stop() {
                driver.stop();
            }

            @Override
            public boolean isRunning() {
                return driver.isRunning();
            }
        };
    }

    @Bean
    EventBus eventBus(VirtualClock clock, EventsProperties props) {
        return new EventBus(clock, props.history());
    }

    @Bean
    ClockControl clockControl(Scheduler scheduler, EventBus events) {
        return new ClockControl(scheduler, events);
    }

    @Bean
    TokenRegistry tokenRegistry(SecurityProperties security) {
        TokenRegistry registry = new TokenRegistry();
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
}
