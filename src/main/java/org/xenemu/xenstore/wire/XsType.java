package org.xenemu.xenstore.wire;

/**
 * Message type numbers of xs_wire.h (Xen 4.17), docs/xenstore.md "Wire protocol". Plain int constants,
 * because the wire carries any 32-bit value and unknown ones must still be answered (ENOSYS).
 */
public final class XsType {
    public static final int CONTROL = 0;
    public static final int DIRECTORY = 1;
    public static final int READ = 2;
    public static final int GET_PERMS = 3;
    public static final int WATCH = 4;
    public static final int UNWATCH = 5;
    public static final int TRANSACTION_START = 6;
    public static final int TRANSACTION_END = 7;
    public static final int INTRODUCE = 8;
    public static final int RELEASE = 9;
    public static final int GET_DOMAIN_PATH = 10;
    public static final int WRITE = 11;
    public static final int MKDIR = 12;
    public static final int RM = 13;
    public static final int SET_PERMS = 14;
    public static final int WATCH_EVENT = 15;
    public static final int ERROR = 16;
    public static final int IS_DOMAIN_INTRODUCED = 17;
    public static final int RESUME = 18;
    public static final int SET_TARGET = 19;
    /** 20 was RESTRICT, removed from Xen; answered ENOSYS. */
    public static final int RESET_WATCHES = 21;
    public static final int DIRECTORY_PART = 22;

    private static final String[] NAMES = {
        "CONTROL", "DIRECTORY", "READ", "GET_PERMS", "WATCH", "UNWATCH", "TRANSACTION_START",
        "TRANSACTION_END", "INTRODUCE", "RELEASE", "GET_DOMAIN_PATH", "WRITE", "MKDIR", "RM",
        "SET_PERMS", "WATCH_EVENT", "ERROR", "IS_DOMAIN_INTRODUCED", "RESUME", "SET_TARGET",
        "RESTRICT", "RESET_WATCHES", "DIRECTORY_PART"};

    private XsType() {
    }

    /** The xs_wire.h name for logs; {@code TYPE_<n>} for numbers it does not define. */
    public static String name(int type) {
        return type >= 0 && type < NAMES.length ? NAMES[type] : "TYPE_" + Integer.toUnsignedString(type);
    }
}
