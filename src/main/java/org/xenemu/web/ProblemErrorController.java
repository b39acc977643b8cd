package org.xenemu.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.xenemu.error.Errno;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * Errors that never reach a controller (rejected by the servlet container, thrown by a filter)
 * still answer problem+json instead of an HTML page or Boot's default JSON. {@code /error} itself is
 * no resource: asked for directly, it is 404 ENOENT like any unknown path.
 */
@RestController
@Hidden
class ProblemErrorController implements ErrorController {

    @RequestMapping("/error")
    @Nullable ResponseEntity<ProblemDetail> error(HttpServletRequest request, HttpServletResponse response) {
        if (request.getDispatcherType() == DispatcherType.REQUEST) {
            return Problems.response(404, Errno.ENOENT, "no such resource: " + request.getRequestURI(),
                    request.getRequestURI());
        }
        if (response.isCommitted()) {
            // Tomcat includes the error page into a response already under way (an event stream
            // whose reader left): there is nothing more to say on it.
            return null;
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        if (status < 400) {
            status = 500;
        }
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (status >= 500) {
            // a failure the container met outside the handlers (theirs are logged by ProblemAdvice)
            Object error = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
            ProblemLog.shared().failed(String.valueOf(request.getAttribute("jakarta.servlet.error.method")),
                    String.valueOf(uri), error instanceof Throwable t ? t
                            : new IllegalStateException("the container answered " + status + " without an exception"));
        }
        String detail = status >= 500 ? "internal error; see the service log" : "the request was rejected";
        return Problems.response(status, Problems.errnoForStatus(status), detail, uri == null ? null : uri.toString());
    }
}
