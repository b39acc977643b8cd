package org.xenemu.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collection;
import java.util.List;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpEntity;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * A request that may change something is refused for its {@code Accept} header <em>before</em> it
 * acts (issue 18: {@code POST /clock/advance} with {@code Accept: image/png} advanced the clock and
 * then answered 406). Spring negotiates the answer's type only after the handler ran, unless the
 * mapping declares {@code produces}; this checks the same thing first for every other handler
 * that answers a body: JSON (and text for a {@code String}) must be acceptable. GET, HEAD and
 * OPTIONS change nothing and keep Spring's own order; handlers with no body to answer do not care.
 */
public final class AcceptBeforeActionInterceptor implements HandlerInterceptor {
    private static final List<MediaType> JSON = List.of(MediaType.APPLICATION_JSON);
    private static final List<MediaType> TEXT_OR_JSON = List.of(MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON);

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws HttpMediaTypeNotAcceptableException {
        String method = request.getMethod();
        if (!(handler instanceof HandlerMethod handlerMethod) || method.equals("GET") || method.equals("HEAD")
                || method.equals("OPTIONS")) {
            return true;
        }
        String accept = request.getHeader("Accept");
        if (accept == null || accept.isBlank()) {
            return true;
        }
        Object declared = request.getAttribute(HandlerMapping.PRODUCIBLE_MEDIA_TYPES_ATTRIBUTE);
        if (declared instanceof Collection<?> produces && !produces.isEmpty()) {
            return true; // the mapping's produces condition has already been checked against Accept
        }
        List<MediaType> producible = producible(handlerMethod);
        if (producible.isEmpty()) {
            return true;
        }
        List<MediaType> accepted;
        try {
            accepted = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            throw new HttpMediaTypeNotAcceptableException("malformed Accept");
        }
        for (MediaType a : accepted) {
            if (a.getQualityValue() > 0 && producible.stream().anyMatch(a::isCompatibleWith)) {
                return true;
            }
        }
        throw new HttpMediaTypeNotAcceptableException(producible);
    }

    /** What the handler answers a body as; empty when it answers none. */
    private static List<MediaType> producible(HandlerMethod handler) {
        ResolvableType type = ResolvableType.forMethodReturnType(handler.getMethod());
        if (HttpEntity.class.isAssignableFrom(type.toClass())) {
            type = type.as(HttpEntity.class).getGeneric(0);
        }
        Class<?> body = type.toClass();
        if (body == void.class || body == Void.class) {
            return List.of();
        }
        return body == String.class ? TEXT_OR_JSON : JSON;
    }
}
