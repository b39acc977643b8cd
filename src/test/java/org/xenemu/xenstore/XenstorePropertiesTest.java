package org.xenemu.xenstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.xenemu.xenstore.store.Quotas;

class XenstorePropertiesTest {
    static XenstoreProperties bind(Map<String, String> props) {
        return new Binder(new MapConfigurationPropertySource(props))
                .bindOrCreate("xenemu.xenstore", XenstoreProperties.class);
    }

    @Test
    void defaultsAreCXenstoredsQuotas() {
        XenstoreProperties p = bind(Map.of());
        assertThat(p.quota().toQuotas()).isEqualTo(Quotas.DEFAULTS);
        assertThat(p.restTransactionIdleSeconds()).isEqualTo(60);
        assertThat(p.maxIntroducedDomains()).isEqualTo(1024);
    }

    @Test
    void quotasAreConfigurableInRelaxedForm() {
        XenstoreProperties p = bind(Map.of("xenemu.xenstore.quota.nodes", "5",
                "xenemu.xenstore.quota.transaction-nodes", "0", "xenemu.xenstore.quota.path-max", "100"));
        assertThat(p.quota().nodes()).isEqualTo(5);
        assertThat(p.quota().transactionNodes()).isZero();
        assertThat(p.quota().pathMax()).isEqualTo(100);
        assertThat(p.quota().watches()).isEqualTo(128);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(XenstoreProperties.class)
    static class Bound {
    }

    /** Binds as the application does (JSR-303 checked because of {@code @Validated}). */
    static ApplicationContextRunner startWith(String... props) {
        return new ApplicationContextRunner().withUserConfiguration(Bound.class).withPropertyValues(props);
    }

    @ParameterizedTest
    @ValueSource(strings = {"xenemu.xenstore.rest-transaction-idle-seconds=0", "xenemu.xenstore.rest-transaction-idle-seconds=-5",
            "xenemu.xenstore.watch-stream-queue=0", "xenemu.xenstore.quota.nodes=-1", "xenemu.xenstore.quota.watches=-1",
            "xenemu.xenstore.quota.transactions=-1", "xenemu.xenstore.quota.transaction-nodes=-1",
            "xenemu.xenstore.quota.node-size=-1", "xenemu.xenstore.quota.permissions=-1",
            "xenemu.xenstore.quota.path-max=-1", "xenemu.xenstore.quota.outstanding=-1",
            "xenemu.xenstore.max-introduced-domains=-1", "xenemu.xenstore.max-introduced-domains=32752"})
    void badValuesStopTheStartWithAMessageNamingTheProperty(String bad) {
        String name = bad.substring(bad.lastIndexOf('.') + 1, bad.indexOf('='));
        String field = java.util.regex.Pattern.compile("-(.)").matcher(name).replaceAll(m -> m.group(1).toUpperCase());
        startWith(bad).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(BindValidationException.class)
                    .hasMessageContaining("field '" + (bad.contains(".quota.") ? "quota." : "") + field + "'");
        });
    }

    @Test
    void zeroQuotasAndTheSmallestTimeoutAndQueueAreAccepted() {
        startWith("xenemu.xenstore.quota.nodes=0", "xenemu.xenstore.quota.outstanding=0",
                "xenemu.xenstore.rest-transaction-idle-seconds=1", "xenemu.xenstore.watch-stream-queue=1",
                "xenemu.xenstore.max-introduced-domains=0").run(context -> {
            assertThat(context).hasNotFailed();
            XenstoreProperties p = context.getBean(XenstoreProperties.class);
            assertThat(p.quota().nodes()).isZero();
            assertThat(p.watchStreamQueue()).isEqualTo(1);
        });
    }
}
