package org.xenemu.client;

import java.util.Optional;

/**
 * A request xenemu refused: the HTTP status and the RFC 9457 problem it answered, whose
 * {@code errno} member names the Linux / xenstore error (docs/api.md "Errors"). A failed request
 * changed nothing on the server.
 *
 * <p>Transport failures (connection refused, timeouts, interruption) are not this exception but
 * {@link java.io.UncheckedIOException}.
 */
public class XenemuException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final Errno errno;
    private final String errnoName;
    private final String title;
    private final String detail;
    private final String instance;
    private final String field;

    /**
     * @param status    the HTTP status
     * @param errnoName the problem's {@code errno} as sent (may be null when the body was not a problem)
     * @param title     the problem's {@code title} (may be null)
     * @param detail    the problem's {@code detail} (may be null)
     * @param instance  the problem's {@code instance} (may be null)
     * @param field     the offending request member, for 400 EINVAL (may be null)
     */
    public XenemuException(int status, String errnoName, String title, String detail, String instance, String field) {
        super(message(status, errnoName, title, detail));
        this.status = status;
        this.errno = Errno.fromName(errnoName);
        this.errnoName = errnoName == null ? "" : errnoName;
        this.title = title;
        this.detail = detail;
        this.instance = instance;
        this.field = field;
    }

    private static String message(int status, String errnoName, String title, String detail) {
        StringBuilder b = new StringBuilder().append(status);
        if (errnoName != null && !errnoName.isEmpty()) {
            b.append(' ').append(errnoName);
        }
        if (detail != null && !detail.isEmpty()) {
            b.append(": ").append(detail);
        } else if (title != null && !title.isEmpty()) {
            b.append(": ").append(title);
        }
        return b.toString();
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The errno, {@link Errno#UNKNOWN} when the name is not one this client knows. */
    public Errno errno() {
        return errno;
    }

    /** The errno exactly as the server sent it (empty when the answer was not a problem). */
    public String errnoName() {
        return errnoName;
    }

    /** The problem's title. */
    public Optional<String> title() {
        return Optional.ofNullable(title);
    }

    /** The problem's detail: what was wrong, in words. */
    public Optional<String> detail() {
        return Optional.ofNullable(detail);
    }

    /** The problem's instance (the request path). */
    public Optional<String> instance() {
        return Optional.ofNullable(instance);
    }

    /** The offending request member or parameter of a 400 EINVAL, when the server named one. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /** Shorthand for {@code errno() == e}. */
    public boolean is(Errno e) {
        return errno == e;
    }
}
