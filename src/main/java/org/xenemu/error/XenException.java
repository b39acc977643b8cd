package org.xenemu.error;

import java.util.Objects;

/**
 * The one exception of xenemu's core: an {@link Errno} plus a human sentence. Made only by the
 * factory methods, so every throw site names the errno it means.
 */
public final class XenException extends RuntimeException {
    private final Errno errno;
    /** Overrides the errno's status; used only for 401 (no credentials), which has no errno of its own. */
    private final int httpStatus;
    private final String detail;

    private XenException(Errno errno, int httpStatus, String detail) {
        super(detail, null, false, false);
        this.errno = Objects.requireNonNull(errno);
        this.httpStatus = httpStatus;
        this.detail = Objects.requireNonNull(detail);
    }

    public static XenException of(Errno errno, String detail) {
        return new XenException(errno, errno.httpStatus(), detail);
    }

    public static XenException invalid(String detail) {
        return of(Errno.EINVAL, detail);
    }

    public static XenException notFound(String detail) {
        return of(Errno.ENOENT, detail);
    }

    public static XenException accessDenied(String detail) {
        return of(Errno.EACCES, detail);
    }

    public static XenException notPermitted(String detail) {
        return of(Errno.EPERM, detail);
    }

    public static XenException busy(String detail) {
        return of(Errno.EBUSY, detail);
    }

    public static XenException outOfRange(String detail) {
        return of(Errno.ERANGE, detail);
    }

    public static XenException noMemory(String detail) {
        return of(Errno.ENOMEM, detail);
    }

    public static XenException unauthenticated(String detail) {
        return new XenException(Errno.EACCES, 401, detail);
    }

    public Errno errno() {
        return errno;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The human sentence (the message, never null). */
    public String detail() {
        return detail;
    }
}
