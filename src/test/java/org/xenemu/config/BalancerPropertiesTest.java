package org.xenemu.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.xenemu.toolstack.balancer.BalancerSettings;
import org.xenemu.toolstack.balancer.MomVariant;
import org.xenemu.toolstack.balancer.Policy;
import org.xenemu.toolstack.balancer.SqueezeOptions;

/** {@code xenemu.balancer.*} is checked at startup; its defaults are squeezed's and MoM's, policy none. */
class BalancerPropertiesTest {
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(BalancerProperties.class)
    static class Bound {
    }

    static ApplicationContextRunner startWith(String... props) {
        return new ApplicationContextRunner().withUserConfiguration(Bound.class).withPropertyValues(props);
    }

    @Test
    void defaultsAreNoneWithSqueezedsConstants() {
        startWith().run(context -> {
            BalancerSettings settings = context.getBean(BalancerProperties.class).toSettings();
            assertThat(settings.policy()).isEqualTo(Policy.NONE);
            assertThat(settings.squeeze().hostFreeTargetKiB()).isEqualTo(72 * 1024);
            assertThat(settings.squeeze().freeMemoryToleranceKiB()).isEqualTo(512);
            assertThat(settings.squeeze().balanceCheckIntervalNanos()).isEqualTo(10 * SqueezeOptions.NANOS_PER_SECOND);
        });
    }

    @Test
    void policyAndMomAreConfigurableInRelaxedForm() {
        startWith("xenemu.balancer.policy=squeezed", "xenemu.balancer.interval-seconds=5",
                "xenemu.balancer.host-free-target-kib=1024", "xenemu.balancer.mom.variant=" + MomVariant.values()[0].name())
                .run(context -> {
                    BalancerSettings settings = context.getBean(BalancerProperties.class).toSettings();
                    assertThat(settings.policy()).isEqualTo(Policy.SQUEEZED);
                    assertThat(settings.squeeze().hostFreeTargetKiB()).isEqualTo(1024);
                    assertThat(settings.squeeze().balanceCheckIntervalNanos()).isEqualTo(5 * SqueezeOptions.NANOS_PER_SECOND);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"xenemu.balancer.policy=greedy", "xenemu.balancer.interval-seconds=0",
        "xenemu.balancer.interval-seconds=86401", "xenemu.balancer.host-free-target-kib=-1",
        "xenemu.balancer.tolerance-kib=-1", "xenemu.balancer.loop-interval-millis=0",
        "xenemu.balancer.mom.sample-seconds=0", "xenemu.balancer.mom.history=0", "xenemu.balancer.mom.variant=nope"})
    void badValuesStopTheStart(String bad) {
        startWith(bad).run(context -> assertThat(context).hasFailed());
    }
}
