package org.xenemu.config;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.xenemu.web.AcceptBeforeActionInterceptor;
import org.xenemu.web.ApiDispatcherServlet;
import org.xenemu.web.RequestEdgeFilter;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * The API's edges that no single controller owns: the request edge filter (path parameters, CORS
 * preflights, the brief log of refusals) before everything else, and JSON bodies read strictly:
 * a string member takes only a JSON string ({@code {"name": true}} or {@code {"name": 12}} is 400
 * EINVAL naming the field, where Jackson would have made {@code "true"} of it), an enum only its
 * name, never its index. TRACE reaches the handlers and is refused as any method a resource lacks
 * ({@link ApiDispatcherServlet}, which replaces Boot's dispatcher servlet with the same settings).
 * An {@code Accept} a mutating handler cannot satisfy is refused before it acts
 * ({@link AcceptBeforeActionInterceptor}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class HttpEdgeConfig implements WebMvcConfigurer {

    /** An unacceptable {@code Accept} is refused before a mutating handler acts, not after. */
    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new AcceptBeforeActionInterceptor());
    }

    @Bean
    FilterRegistrationBean<RequestEdgeFilter> requestEdgeFilter() {
        FilterRegistrationBean<RequestEdgeFilter> registration = new FilterRegistrationBean<>(new RequestEdgeFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean(name = DispatcherServletAutoConfiguration.DEFAULT_DISPATCHER_SERVLET_BEAN_NAME)
    DispatcherServlet dispatcherServlet(WebMvcProperties mvc) {
        DispatcherServlet servlet = new ApiDispatcherServlet();
        servlet.setDispatchOptionsRequest(mvc.isDispatchOptionsRequest());
        servlet.setDispatchTraceRequest(true);
        servlet.setPublishEvents(mvc.isPublishRequestHandledEvents());
        servlet.setEnableLoggingRequestDetails(mvc.isLogRequestDetails());
        return servlet;
    }

    @Bean
    JsonMapperBuilderCustomizer strictScalars() {
        return builder -> builder
                .withCoercionConfig(LogicalType.Textual, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Enum, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail));
    }
}
