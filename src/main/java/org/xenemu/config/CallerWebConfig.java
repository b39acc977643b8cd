package org.xenemu.config;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.xenemu.caller.Caller;
import org.xenemu.caller.SecurityMode;
import org.xenemu.caller.TokenRegistry;
import org.xenemu.web.CallerResolver;
import org.xenemu.web.MetricsAccessFilter;

/**
 * Resolves the caller once per {@code /api/**} request (an interceptor, so a bad header or token
 * is refused before any controller runs) and hands it to controllers as a {@link Caller}
 * parameter. Health and the API docs stay reachable without a token; in token mode the actuator's
 * metrics need the admin token ({@link MetricsAccessFilter}).
 */
@Configuration(proxyBeanMethods = false)
public class CallerWebConfig implements WebMvcConfigurer {
    static final String ATTRIBUTE = Caller.class.getName();

    private final CallerResolver resolver;
    private final SecurityMode mode;

    public CallerWebConfig(SecurityProperties security, TokenRegistry tokens) {
        this.resolver = new CallerResolver(security.mode(), tokens);
        this.mode = security.mode();
    }

    @Bean
    CallerResolver callerResolver() {
        return resolver;
    }

    /** Token mode only: in open mode everything is dom0's anyway, metrics included. */
    @Bean
    FilterRegistrationBean<MetricsAccessFilter> metricsAccessFilter() {
        FilterRegistrationBean<MetricsAccessFilter> registration =
                new FilterRegistrationBean<>(new MetricsAccessFilter(resolver));
        registration.addUrlPatterns("/actuator/*");
        registration.setEnabled(mode == SecurityMode.TOKEN);
        return registration;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                request.setAttribute(ATTRIBUTE, resolver.resolve(request));
                return true;
            }
        }).addPathPatterns("/api/**");
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new HandlerMethodArgumentResolver() {
            @Override
            public boolean supportsParameter(MethodParameter parameter) {
                return parameter.getParameterType() == Caller.class;
            }

            @Override
            public Object resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer mav,
                    NativeWebRequest webRequest, @Nullable WebDataBinderFactory binderFactory) {
                Object caller = webRequest.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
                if (caller == null) {
                    HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
                    caller = resolver.resolve(Objects.requireNonNull(request));
                }
                return caller;
            }
        });
    }
}
