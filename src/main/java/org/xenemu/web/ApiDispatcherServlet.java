package org.xenemu.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Spring's dispatcher, except that TRACE goes to the handlers like any other method — and is
 * refused like any method a resource lacks: 405 ENOSYS problem+json with the resource's own
 * {@code Allow} — and is never echoed: {@code HttpServlet.doTrace}, which Spring would call after
 * the handlers, writes the whole request back, headers and all.
 */
public final class ApiDispatcherServlet extends DispatcherServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doTrace(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        processRequest(request, response);
    }
}
