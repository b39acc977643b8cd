package org.xenemu.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.res.StringManager;
import org.springframework.http.ProblemDetail;
import org.xenemu.error.Errno;

/**
 * Tomcat's own error page, for requests it rejects before any servlet runs (a URL with {@code %ZZ},
 * an encoded NUL or backslash, a malformed request line), as problem+json with {@code errno}
 * instead of its HTML page. Nothing about the request is echoed: it is, by definition, malformed.
 * A request line with an HTTP version other than 1.x is 505 ENOSYS: the client's choice, not a
 * failure of the service. Installed as the host's error report valve by {@code TomcatProblemConfig}.
 */
public class ProblemErrorReportValve extends ErrorReportValve {
    private static final StringManager TOMCAT_STRINGS = StringManager.getManager("org.apache.catalina.valves");

    public ProblemErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        Errno errno = Problems.errnoForStatus(status);
        String title = TOMCAT_STRINGS.getString("http." + status + ".reason");
        String detail = status == 505 ? "HTTP version not supported: xenemu speaks HTTP/1.1 (and 1.0)"
                : status >= 500 ? "internal error; see the service log"
                : "the request was rejected by the HTTP server before reaching the API (malformed URL, request line or header)";
        ProblemDetail problem = Problems.problem(status, errno, detail, null);
        problem.setTitle(title == null ? "Error" : title);
        String body = Problems.json(problem);
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException ignored) {
            // the client is gone or the response was committed meanwhile: nothing more to say
        }
    }
}
