package org.xenemu.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.xenemu.caller.Caller;
import org.xenemu.error.XenException;

/**
 * Token mode: the actuator's metrics ({@code /actuator/prometheus}: per-route request timings,
 * the JVM, the host's figures) are dom0's, like {@code GET /host}: the admin token, else 401
 * EACCES (no or unknown token) or 403 EACCES (a domain's token). {@code /actuator/health} stays
 * open, for container health checks and load balancers, and says only UP or DOWN.
 */
public final class MetricsAccessFilter extends OncePerRequestFilter {
    private final CallerResolver callers;

    public MetricsAccessFilter(CallerResolver callers) {
        this.callers = callers;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !path.startsWith("/actuator") || path.equals("/actuator/health") || path.startsWith("/actuator/health/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            Caller caller = callers.resolve(request);
            caller.verifyDom0("the service's metrics are dom0's: send the admin token");
        } catch (XenException e) {
            ProblemLog.shared().refused(request.getMethod(), request.getRequestURI(), e.httpStatus(), e.errno().name());
            Problems.write(response, e.httpStatus(), e.errno(), e.detail(), request.getRequestURI());
            return;
        }
        chain.doFilter(request, response);
    }
}
