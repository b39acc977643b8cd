package org.xenemu.client.xs;

/**
 * The message types of the xenstored wire protocol, numbered as in {@code xs_wire.h} (Xen 4.17;
 * docs/xenstore.md "Wire protocol"). 20 (RESTRICT) was removed from the protocol and has no constant.
 */
public enum XsType {
    CONTROL(0), DIRECTORY(1), READ(2), GET_PERMS(3), WATCH(4), UNWATCH(5), TRANSACTION_START(6),
    TRANSACTION_END(7), INTRODUCE(8), RELEASE(9), GET_DOMAIN_PATH(10), WRITE(11), MKDIR(12), RM(13),
    SET_PERMS(14), WATCH_EVENT(15), ERROR(16), IS_DOMAIN_INTRODUCED(17), RESUME(18), SET_TARGET(19),
    RESET_WATCHES(21), DIRECTORY_PART(22);

    private static final XsType[] BY_NUMBER = new XsType[23];

    static {
        for (XsType t : values()) {
            BY_NUMBER[t.number] = t;
        }
    }

    private final int number;

    XsType(int number) {
        this.number = number;
    }

    /** The number on the wire. */
    public int number() {
        return number;
    }

    /** The type numbered {@code number}, or null for one this protocol version does not define. */
    static XsType of(int number) {
        return number >= 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : null;
    }
}
