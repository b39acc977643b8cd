package org.xenemu.client.xs;

import java.util.Optional;
import org.xenemu.client.Errno;

/**
 * A request xenstored refused: an ERROR reply carrying an errno name ({@code ENOENT\0}; the names
 * of {@code xs_wire.h}, docs/xenstore.md "Wire protocol"), or a request this client refused to send
 * because it could not be framed (a payload over 4096 bytes is {@link Errno#E2BIG}).
 *
 * <p>A broken or closed connection is not this exception but {@link java.io.UncheckedIOException}.
 */
public class XsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Errno errno;
    private final String errnoName;
    private final XsType operation;
    private final String path;

    /**
     * @param errnoName the errno name as sent
     * @param operation the request's type
     * @param path      the path it was about, or null
     */
    public XsException(String errnoName, XsType operation, String path) {
        super(operation + (path == null ? "" : " " + path) + ": " + errnoName);
        this.errnoName = errnoName;
        this.errno = Errno.fromName(errnoName);
        this.operation = operation;
        this.path = path;
    }

    /** The errno ({@link Errno#UNKNOWN} for a name this client does not know). */
    public Errno errno() {
        return errno;
    }

    /** The errno as the server sent it. */
    public String errnoName() {
        return errnoName;
    }

    /** The request that failed. */
    public XsType operation() {
        return operation;
    }

    /** The path the request was about, if it had one. */
    public Optional<String> path() {
        return Optional.ofNullable(path);
    }

    /** Shorthand for {@code errno() == e}. */
    public boolean is(Errno e) {
        return errno == e;
    }
}
