package org.xenemu.error;

/**
 * The one error vocabulary of xenemu: Linux / xenstore errno names, their numbers, and the HTTP
 * status docs/api.md "Errors" assigns to each. The socket protocol sends {@link #name()}; HTTP sends the status
 * and the name in the problem's {@code errno} member.
 */
public enum Errno {
    EPERM(1, 403),
    ENOENT(2, 404),
    EIO(5, 500),
    E2BIG(7, 413),
    EAGAIN(11, 409),
    ENOMEM(12, 507),
    EACCES(13, 403),
    EBUSY(16, 409),
    EEXIST(17, 409),
    ENODEV(19, 409),
    EISDIR(21, 409),
    EINVAL(22, 400),
    ENOSPC(28, 507),
    EROFS(30, 403),
    ERANGE(34, 400),
    ENOSYS(38, 501),
    ENOTEMPTY(39, 409),
    EISCONN(106, 409),
    ECANCELED(125, 409);

    private final int number;
    private final int httpStatus;

    Errno(int number, int httpStatus) {
        this.number = number;
        this.httpStatus = httpStatus;
    }

    public int number() {
        return number;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The names xs_wire.h defines; anything else goes on the wire as EINVAL, as C xenstored does. */
    public boolean onXenstoreWire() {
        return switch (this) {
            case EINVAL, EACCES, EEXIST, EISDIR, ENOENT, ENOMEM, ENOSPC, EIO, ENOTEMPTY, ENOSYS,
                 EROFS, EBUSY, EAGAIN, EISCONN, E2BIG, EPERM -> true;
            default -> false;
        };
    }

    public String wireName() {
        return onXenstoreWire() ? name() : EINVAL.name();
    }
}
