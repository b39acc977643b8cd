package org.xenemu.xenstore.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** {@code xenemu.wire.*} is checked at startup, and its defaults are {@link WireLimits}'. */
class WirePropertiesTest {
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(WireProperties.class)
    static class Bound {
    }

    static ApplicationContextRunner startWith(String... props) {
        return new ApplicationContextRunner().withUserConfiguration(Bound.class).withPropertyValues(props);
    }

    @Test
    void defaultsAreTheDocumentedLimits() {
        startWith().run(context -> {
            WireLimits limits = context.getBean(WireProperties.class).toLimits();
            assertThat(limits).isEqualTo(WireLimits.DEFAULT);
            assertThat(limits.dom0Connections()).isEqualTo(1024);
            assertThat(limits.guestConnections()).isEqualTo(8);
            assertThat(limits.acceptBackoffMillis()).isEqualTo(100);
        });
    }

    @Test
    void limitsAreConfigurableInRelaxedForm() {
        startWith("xenemu.wire.dom0-max-connections=2000", "xenemu.wire.guest-max-connections=1",
                "xenemu.wire.accept-backoff-millis=5").run(context -> {
            WireLimits limits = context.getBean(WireProperties.class).toLimits();
            assertThat(limits.dom0Connections()).isEqualTo(2000);
            assertThat(limits.guestConnections()).isEqualTo(1);
            assertThat(limits.acceptBackoffMillis()).isEqualTo(5);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"xenemu.wire.dom0-max-connections=0", "xenemu.wire.guest-max-connections=0",
        "xenemu.wire.guest-max-connections=-3", "xenemu.wire.accept-backoff-millis=0",
        "xenemu.wire.accept-backoff-millis=600000", "xenemu.wire.io-threads=0", "xenemu.wire.pause-bytes=0",
        "xenemu.wire.max-queued-bytes=-1"})
    void badValuesStopTheStartWithAMessageNamingTheProperty(String bad) {
        String name = bad.substring(bad.lastIndexOf('.') + 1, bad.indexOf('='));
        String field = java.util.regex.Pattern.compile("-(.)").matcher(name).replaceAll(m -> m.group(1).toUpperCase());
        startWith(bad).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(BindValidationException.class)
                .hasMessageContaining("field '" + field + "'");
        });
    }
}
