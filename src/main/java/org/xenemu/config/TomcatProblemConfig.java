package org.xenemu.config;

import org.apache.catalina.core.StandardHost;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.xenemu.web.ProblemErrorReportValve;

/**
 * Tomcat as the API needs it: its last-resort error page is problem+json (see
 * {@link ProblemErrorReportValve}), and an encoded slash reaches the xenstore resources.
 */
@Configuration(proxyBeanMethods = false)
class TomcatProblemConfig {
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReportValve() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        });
    }

    /**
     * TRACE reaches Spring MVC (with {@code spring.mvc.dispatch-trace-request}), which refuses it
     * like any other method a resource lacks: 405 ENOSYS problem+json with the resource's own
     * {@code Allow}. Tomcat would refuse it itself with an {@code Allow} listing every method the
     * dispatcher servlet has. Nothing is echoed either way.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> traceReachesTheApi() {
        return factory -> factory.addConnectorCustomizers(connector -> connector.setAllowTrace(true));
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
