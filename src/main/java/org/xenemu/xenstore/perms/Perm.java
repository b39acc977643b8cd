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
     * Parses {@code r5}, {@code n0}, ... (leading zeros allowed: {@code r05} is {@code r5}).
     * Malformed entries are EINVAL. Measured on C xenstored 4.17.7 (SET_PERMS from dom0): it
     * also answers EINVAL for a missing id or trailing junk ({@code r}, {@code rabc},
     * {@code r5x}), but it parses the id as a C integer of any base and size, so it accepts
     * {@code r0x10} as {@code r16}, {@code r 5} and {@code r+5} as {@code r5}, keeps {@code r-1}
     * and {@code r65536}, and wraps larger numbers. xenemu is stricter: the id is 1 to 5 decimal
     * digits and at most 65535 (domain ids are 16 bits); everything else is EINVAL.
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
