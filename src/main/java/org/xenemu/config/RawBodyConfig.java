package org.xenemu.config;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.servlet.filter.OrderedFormContentFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.FormContentFilter;

/**
 * Keeps request bodies raw under {@code /api/}: the procfs and sysfs mirrors take the text body
 * exactly as written, and {@code curl -X PUT -d 80} sends it as form data. Spring's default
 * {@link FormContentFilter} would parse such a PUT body into parameters and leave the controller
 * an empty body; no xenemu endpoint takes form parameters, so the filter skips the API.
 */
@Configuration(proxyBeanMethods = false)
public class RawBodyConfig {

    @Bean
    FormContentFilter formContentFilter() {
        return new OrderedFormContentFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return request.getRequestURI().startsWith(request.getContextPath() + "/api/");
            }
        };
    }
}
