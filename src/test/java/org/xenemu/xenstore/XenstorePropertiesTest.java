package org.xenemu.xenstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
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
}
