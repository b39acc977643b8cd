package org.xenemu.client;

import java.util.Locale;

/**
 * The errno names xenemu answers with: the xenstore wire's names ({@code xs_wire.h}, Xen 4.17:
 * docs/xenstore.md "Wire protocol") and the Linux names the HTTP API adds (docs/api.md "Errors":
 * ERANGE, ENODEV, ECANCELED), with their Linux numbers. A name this client does not know (a newer
 * server's) is {@link #UNKNOWN}; the exception that carries it keeps the name as sent.
 */
public enum Errno {
    EPERM(1),
    ENOENT(2),
    EIO(5),
    E2BIG(7),
    EAGAIN(11),
    ENOMEM(12),
    EACCES(13),
    EBUSY(16),
    EEXIST(17),
    ENODEV(19),
    EISDIR(21),
    EINVAL(22),
    ENOSPC(28),
    EROFS(30),
    ERANGE(34),
    ENOSYS(38),
    ENOTEMPTY(39),
    EISCONN(106),
    ECANCELED(125),
    /** A name this client does not know; see the exception's raw name. */
    UNKNOWN(-1);

    private final int number;

    Errno(int number) {
        this.number = number;
    }

    /** The Linux errno number ({@code -1} for {@link #UNKNOWN}). */
    public int number() {
        return number;
    }

    /** Whether xenstore may send this name on the wire (the {@code xsd_errors} table of xs_wire.h). */
    public boolean isXenstoreWireName() {
        return switch (this) {
            case EINVAL, EACCES, EEXIST, EISDIR, ENOENT, ENOMEM, ENOSPC, EIO, ENOTEMPTY, ENOSYS, EROFS, EBUSY,
                 EAGAIN, EISCONN, E2BIG, EPERM -> true;
            default -> false;
        };
    }

    /** The constant of a name as sent ({@code "ENOENT"}); {@link #UNKNOWN} for anything else, null included. */
    public static Errno fromName(String name) {
        if (name == null || name.isEmpty()) {
            return UNKNOWN;
        }
        try {
            Errno e = valueOf(name.trim().toUpperCase(Locale.ROOT));
            return e;
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
