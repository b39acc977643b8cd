package org.xenemu.selfballoon;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.xenemu.clock.Scheduler;
import org.xenemu.config.SelfballoonProperties;
import org.xenemu.events.EventBus;
import org.xenemu.host.Domain;
import org.xenemu.host.DomainLifecycleListener;
import org.xenemu.host.DomainViewContributor;

/** Wires the selfballoon engines: one service holding every domain's driver, attached to domains as they come and go. */
@Configuration(proxyBeanMethods = false)
public class SelfballoonConfig {
    @Bean
    SelfballoonService selfballoonService(Scheduler scheduler, EventBus events, SelfballoonProperties props) {
        return new SelfballoonService(scheduler, events, props.toOptions());
    }

    @Bean
    DomainLifecycleListener selfballoonLifecycle(SelfballoonService service) {
        return new DomainLifecycleListener() {
            @Override
            public void domainCreated(Domain domain) {
                service.attach(new DomainSelfballoonGuest(domain));
            }

            @Override
            public void domainDestroyed(Domain domain) {
                service.detach(domain.domid());
            }
        };
    }

    /** The {@code selfballoon} part of {@code GET /api/v1/domains/{domid}}: the same view as {@code GET .../selfballoon}. */
    @Bean
    DomainViewContributor selfballoonDomainView(SelfballoonService service) {
        return new DomainViewContributor() {
            @Override
            public String part() {
                return "selfballoon";
            }

            @Override
            public Object view(Domain domain) {
                return service.view(domain.domid()).orElse(null);
            }
        };
    }
}
