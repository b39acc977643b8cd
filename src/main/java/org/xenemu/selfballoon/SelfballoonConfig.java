package org.xenemu.selfballoon;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.xenemu.clock.Scheduler;
import org.xenemu.config.SelfballoonProperties;
import org.xenemu.events.EventBus;

/** Wires the selfballoon engines: one service holding every domain's driver. */
@Configuration(proxyBeanMethods = false)
public class SelfballoonConfig {
    @Bean
    SelfballoonService selfballoonService(Scheduler scheduler, EventBus events, SelfballoonProperties props) {
        return new SelfballoonService(scheduler, events, props.toOptions());
    }
}
