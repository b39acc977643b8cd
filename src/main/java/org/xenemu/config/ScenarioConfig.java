package org.xenemu.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.xenemu.scenarios.ScenarioRuns;
import org.xenemu.scenarios.run.Availability;
import org.xenemu.scenarios.run.PrivateHostRunner;

/**
 * Scenarios over HTTP: the {@link ScenarioRuns} door on two Spring-managed pools — the variants'
 * pool, bounded to {@code xenemu.scenarios.parallelism} threads (the cores by default) and shared
 * by every scenario, and the coordinators', one waiting thread per running scenario (bounded by
 * {@code max-stored}, since no more scenarios are kept). Each variant runs on a private host of
 * its own, never the service's live host. On shutdown the door cancels what runs, then the pools
 * stop.
 */
@Configuration(proxyBeanMethods = false)
public class ScenarioConfig {
    @Bean
    ThreadPoolTaskExecutor scenarioVariants(ScenarioProperties properties) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setThreadNamePrefix("xenemu-scenario-");
        executor.setDaemon(true);
        executor.setCorePoolSize(properties.effectiveParallelism());
        executor.setMaxPoolSize(properties.effectiveParallelism());
        return executor;
    }

    @Bean
    ThreadPoolTaskExecutor scenarioCoordinators(ScenarioProperties properties) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setThreadNamePrefix("xenemu-scenario-run-");
        executor.setDaemon(true);
        executor.setCorePoolSize(properties.maxStored());
        executor.setMaxPoolSize(properties.maxStored());
        executor.setAllowCoreThreadTimeOut(true);
        return executor;
    }

    @Bean
    ScenarioRuns scenarioRuns(ThreadPoolTaskExecutor scenarioCoordinators, ThreadPoolTaskExecutor scenarioVariants,
                              ScenarioProperties properties) {
        return new ScenarioRuns(new PrivateHostRunner(), Availability::verify,
                scenarioCoordinators.getThreadPoolExecutor(), scenarioVariants.getThreadPoolExecutor(),
                properties.maxStored(), System::nanoTime);
    }
}
