package org.xenemu.config;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.xenemu.dashboard.HostMetrics;
import org.xenemu.dashboard.HostSampler;
import org.xenemu.toolstack.EmulatedHost;

/**
 * The live host's watchers (issue 15): the {@link HostSampler} on the virtual clock, started once
 * dom0 has booted and before the web server takes requests, and {@link HostMetrics}, which Spring
 * Boot binds to the Prometheus registry like any {@code MeterBinder}. Only the service's host has
 * them; a scenario's private hosts do not.
 */
@Configuration(proxyBeanMethods = false)
public class DashboardConfig {

    @Bean
    HostSampler hostSampler(EmulatedHost host, DashboardProperties properties) {
        return HostSampler.of(host, properties.toSettings());
    }

    @Bean(destroyMethod = "close")
    HostMetrics xenemuMetrics(HostSampler sampler, EmulatedHost host) {
        return new HostMetrics(sampler, host.events(), host.selfballoons());
    }

    @Bean
    SmartLifecycle hostSamplerLifecycle(HostSampler sampler) {
        return new SmartLifecycle() {
            @Override
            public void start() {
                sampler.start();
            }

            @Override
            public void stop() {
                sampler.stop();
            }

            @Override
            public boolean isRunning() {
                return sampler.isRunning();
            }

            @Override
            public int getPhase() {
                // after dom0's boot (−1000), before the web server
                return -900;
            }
        };
    }
}
