package org.xenemu.web;

import java.net.URI;
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

    /** The errno a bare HTTP status stands for when the framework, not an engine, refused a request. */
    public static Errno errnoForStatus(int status) {
        return switch (status) {
            case 401, 403 -> Errno.EACCES;
            case 404 -> Errno.ENOENT;
            case 405, 501 -> Errno.ENOSYS;
            case 409 -> Errno.EBUSY;
            case 413 -> Errno.E2BIG;
            case 503 -> Errno.EBUSY;
            default -> status >= 500 ? Errno.EIO : Errno.EINVAL;
        };
    }
}
