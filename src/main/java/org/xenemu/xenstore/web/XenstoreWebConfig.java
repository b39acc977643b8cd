package org.xenemu.xenstore.web;

import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.xenemu.xenstore.Xenstore;
import org.xenemu.xenstore.XenstoreProperties;

/**
 * The REST side's sessions (per-caller connections, idle-transaction reaper) and the servlet
 * adjustment the raw-bytes node resource needs (raw PUT bodies are kept by web.RawBodyConfig).
 */
@Configuration(proxyBeanMethods = false)
class XenstoreWebConfig {
    @Bean(destroyMethod = "close")
    RestSessions xenstoreRestSessions(Xenstore xenstore, XenstoreProperties props) {
        return new RestSessions(xenstore, props.restTransactionIdleSeconds());
    }

    /**
     * Tomcat answers an encoded slash ({@code %2F}) with its own HTML 400 before any handler runs;
     * passing it through lets the xenstore resources answer problem+json (it decodes to a path
     * separator, so {@code a%2Fb} is {@code a/b}).
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> xenstoreEncodedSlash() {
        return factory -> factory.addConnectorCustomizers(
                connector -> connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue()));
    }
}
