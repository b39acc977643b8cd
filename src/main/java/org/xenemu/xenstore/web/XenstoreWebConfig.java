package org.xenemu.xenstore.web;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.FormContentFilter;
import org.xenemu.xenstore.Xenstore;
import org.xenemu.xenstore.XenstoreProperties;

/**
 * The REST side's sessions (per-caller connections, idle-transaction reaper) and two servlet
 * adjustments the raw-bytes node resource needs.
 */
@Configuration(proxyBeanMethods = false)
class XenstoreWebConfig {
    @Bean(destroyMethod = "close")
    RestSessions xenstoreRestSessions(Xenstore xenstore, XenstoreProperties props) {
        return new RestSessions(xenstore, props.restTransactionIdleSeconds());
    }

    /**
     * Boot's form filter parses PUT bodies sent as {@code application/x-www-form-urlencoded}
     * (curl's default for {@code -d}) and so eats a node's value; xenstore bodies are raw bytes.
     * Defining this bean replaces Boot's filter, which stays in force for every other URL.
     */
    @Bean
    FormContentFilter formContentFilter() {
        return new FormContentFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return request.getRequestURI().startsWith(request.getContextPath() + "/api/v1/xenstore/");
            }
        };
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
