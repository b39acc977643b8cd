package org.xenemu.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;

/** Builds the one error body of the HTTP API: RFC 9457 problem+json with an {@code errno} member. */
public final class Problems {
    private Problems() {
    }

    private static final URI ABOUT_BLANK = URI.create("about:blank");

    public static ProblemDetail problem(int status, Errno errno, @Nullable String detail, @Nullable String instance) {
        ProblemDetail problem = ProblemDetail.forStatus(status);
        // Spelled out: Spring Framework 7 leaves an unset type out of the body (RFC 9457 allows
        // either); xenemu's bodies have always carried it.
        problem.setType(ABOUT_BLANK);
        HttpStatus known = HttpStatus.resolve(status);
        problem.setTitle(known != null ? known.getReasonPhrase() : errno.name());
        problem.setDetail(detail);
        problem.setProperty("errno", errno.name());
        if (instance != null) {
            problem.setInstance(URI.create(instance.replaceAll("[^A-Za-z0-9/_.~\\-@%]", "_")));
        }
        return problem;
    }

    public static ResponseEntity<ProblemDetail> response(int status, Errno errno, @Nullable String detail,
                                                         @Nullable String instance) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(status, errno, detail, instance));
    }

    public static ResponseEntity<ProblemDetail> response(XenException e, @Nullable String instance) {
        return response(e.httpStatus(), e.errno(), e.getMessage(), instance);
    }

    /**
     * Writes a problem as the whole response, for refusals made before Spring MVC runs (filters):
     * the same members in the same order as the advice's bodies.
     */
    public static void write(HttpServletResponse response, int status, Errno errno, String detail,
                             @Nullable String instance) throws IOException {
        ProblemDetail p = problem(status, errno, detail, instance);
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(json(p).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code {"type","title","status","detail","instance","errno"}}, as Jackson writes a ProblemDetail here. */
    static String json(ProblemDetail p) {
        StringBuilder out = new StringBuilder(200).append('{');
        out.append("\"type\":").append(quote(String.valueOf(p.getType())));
        if (p.getTitle() != null) {
            out.append(",\"title\":").append(quote(p.getTitle()));
        }
        out.append(",\"status\":").append(p.getStatus());
        if (p.getDetail() != null) {
            out.append(",\"detail\":").append(quote(p.getDetail()));
        }
        if (p.getInstance() != null) {
            out.append(",\"instance\":").append(quote(p.getInstance().toString()));
        }
        if (p.getProperties() != null) {
            p.getProperties().forEach((k, v) ->
                    out.append(',').append(quote(k)).append(':').append(quote(String.valueOf(v))));
        }
        return out.append('}').toString();
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** The errno a bare HTTP status stands for when the framework, not an engine, refused a request. */
    public static Errno errnoForStatus(int status) {
        return switch (status) {
            case 401, 403 -> Errno.EACCES;
            case 404 -> Errno.ENOENT;
            case 405, 501, 505 -> Errno.ENOSYS;
            case 409 -> Errno.EBUSY;
            case 413 -> Errno.E2BIG;
            case 503 -> Errno.EBUSY;
            default -> status >= 500 ? Errno.EIO : Errno.EINVAL;
        };
    }
}
