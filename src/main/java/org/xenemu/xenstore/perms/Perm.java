package org.xenemu.xenstore.perms;

import org.xenemu.error.XenException;

/**
 * One entry of a node's permission list as xenstore.txt ("Permissions") writes it: a letter
 * ({@code n} none, {@code r} read, {@code w} write, {@code b} both) and a domain id.
 */
public record Perm(Access access, int domid) {
    /** The access an entry grants; {@link #letter()} is its wire spelling. */
    public enum Access {
        NONE('n', false, false), READ('r', true, false), WRITE('w', false, true), BOTH('b', true, true);

        private final char letter;
        private final boolean read;
        private final boolean write;

        Access(char letter, boolean read, boolean write) {
            this.letter = letter;
            this.read = read;
            this.write = write;
        }

        public char letter() {
            return letter;
        }

        public boolean read() {
            return read;
        }

        public boolean write() {
            return write;
        }
    }

    /** Domain ids fit 16 bits on the wire; xenemu refuses anything else instead of wrapping. */
    static final int MAX_DOMID = 0xFFFF;

    /**
     * Parses {@code r5}, {@code n0}, ... Malformed entries are EINVAL. C xenstored parses the id
     * with strtol and so accepts junk such as {@code rabc} as {@code r0}; xenemu is strict.
     */
    public static Perm parse(String text) {
        if (text == null || text.length() < 2 || text.length() > 6) {
            throw XenException.invalid("malformed permission '" + text + "'");
        }
        Access access = switch (text.charAt(0)) {
            case 'n' -> Access.NONE;
            case 'r' -> Access.READ;
            case 'w' -> Access.WRITE;
            case 'b' -> Access.BOTH;
            default -> throw XenException.invalid("permission '" + text + "' must start with n, r, w or b");
        };
        int domid = 0;
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw XenException.invalid("permission '" + text + "' must name a decimal domain id");
            }
            domid = domid * 10 + (c - '0');
        }
        if (domid > MAX_DOMID) {
            throw XenException.invalid("permission '" + text + "' names a domain id above 65535");
        }
        return new Perm(access, domid);
    }

    @Override
    public String toString() {
        return access.letter() + Integer.toString(domid);
    }
}
