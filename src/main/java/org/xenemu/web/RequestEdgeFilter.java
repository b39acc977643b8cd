package org.xenemu.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.OncePerRequestFilter;
import org.xenemu.error.Errno;

/**
 * The HTTP edge, before any handler:
 * <ul>
 * <li>a path parameter ({@code /domains/1;x=y/balloon}) is 400 EINVAL: the servlet container would
 *     quietly drop it, giving one resource many spellings;</li>
 * <li>a CORS preflight is 403 EACCES: xenemu sends no CORS headers, so no browser page of
 *     another origin may call it, and it says so in problem+json rather than with an empty 200;</li>
 * <li>every refusal (4xx) is logged once, briefly, by {@link ProblemLog}.</li>
 * </ul>
 */
public final class RequestEdgeFilter extends OncePerRequestFilter {
    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String uri = request.getRequestURI();
        if (uri.indexOf(';') >= 0) {
            refuse(request, response, 400, Errno.EINVAL, "path parameters (';' in the path) are not part of this API");
            return;
        }
        if (CorsUtils.isPreFlightRequest(request)) {
            refuse(request, response, 403, Errno.EACCES,
                    "cross-origin requests are not allowed: xenemu answers no CORS preflight");
            return;
        }
        chain.doFilter(request, response);
        int status = response.getStatus();
        if (status >= 400 && status < 500 && !request.isAsyncStarted()) {
            ProblemLog.shared().refused(request.getMethod(), uri, status, String.valueOf(status));
        }
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, int status, Errno errno,
                               String detail) throws IOException {
        ProblemLog.shared().refused(request.getMethod(), request.getRequestURI(), status, errno.name());
        Problems.write(response, status, errno, detail, request.getRequestURI());
    }
}
