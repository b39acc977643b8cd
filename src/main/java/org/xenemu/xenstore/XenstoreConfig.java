package org.xenemu.xenstore;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the one xenstore of the host from {@link XenstoreProperties}. */
@Configuration(proxyBeanMethods = false)
public class XenstoreConfig {
    @Bean
    Xenstore xenstore(XenstoreProperties props) {
        return new XenstoreEngine(props.quota().toQuotas(), props.maxIntroducedDomains());
    }
}
