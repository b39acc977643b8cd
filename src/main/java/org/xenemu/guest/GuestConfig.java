package org.xenemu.guest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.xenemu.clock.Scheduler;
import org.xenemu.events.EventBus;
import org.xenemu.host.DomainRegistry;
import org.xenemu.host.DomainViewContributor;
import org.xenemu.host.Host;
import org.xenemu.xenstore.Xenstore;

/** Wires the guest engines: one {@link GuestService}, which is also the domains' lifecycle listener. */
@Configuration(proxyBeanMethods = false)
public class GuestConfig {

    /** Order 0: the guest kernel's engines come before engines that read them (selfballoon). */
    @Bean
    @Order(0)
    GuestService guestService(DomainRegistry registry, Host host, Scheduler scheduler, EventBus events,
                              Xenstore xenstore, GuestProperties props) {
        return new GuestService(registry, host, scheduler, events, xenstore, props.publishMeminfo());
    }

    /** The {@code meminfo} part of {@code GET /domains/{domid}}: the guest's full figures. */
    @Bean
    DomainViewContributor guestMeminfoContributor() {
        return new DomainViewContributor() {
            @Override
            public String part() {
                return "meminfo";
            }

            @Override
            public Object view(org.xenemu.host.Domain domain) {
                return domain.kernel().attachment(GuestDomain.class)
                        .map(g -> (Object) MeminfoView.of(g.meminfo())).orElse(java.util.Map.of());
            }
        };
    }
}
