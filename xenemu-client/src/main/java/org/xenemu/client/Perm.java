package org.xenemu.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * One entry of a xenstore permission list, as {@code GET_PERMS} answers it: a letter for the
 * access and a domain id ({@code n0}, {@code r5}, {@code w3}, {@code b7}). Entry 0 of a list names
 * the node's owner (who always has full access) and the default access of every domain without an
 * entry of its own (docs/xenstore.md "Permissions").
 *
 * @param access what the domain may do
 * @param domid  the domain, 0 to 65535
 */
public record Perm(Access access, int domid) {

    /** The access letters of xenstore.txt: none, read, write, both. */
    public enum Access {
        NONE('n'), READ('r'), WRITE('w'), BOTH('b');

        private final char letter;

        Access(char letter) {
            this.letter = letter;
        }

        /** The letter on the wire. */
        public char letter() {
            return letter;
        }

        static Access of(char letter) {
            for (Access a : values()) {
                if (a.letter == letter) {
                    return a;
                }
            }
            throw new IllegalArgumentException("unknown xenstore access letter '" + letter + "' (n, r, w or b)");
        }
    }

    public Perm {
        Objects.requireNonNull(access, "access");
        if (domid < 0 || domid > 0xFFFF) {
            throw new IllegalArgumentException("a domain id is between 0 and 65535, not " + domid);
        }
    }

    /** {@code n<domid>}: no access (as entry 0: owned by domid, no default access). */
    public static Perm none(int domid) {
        return new Perm(Access.NONE, domid);
    }

    /** {@code r<domid>}. */
    public static Perm read(int domid) {
        return new Perm(Access.READ, domid);
    }

    /** {@code w<domid>}. */
    public static Perm write(int domid) {
        return new Perm(Access.WRITE, domid);
    }

    /** {@code b<domid>}: read and write. */
    public static Perm both(int domid) {
        return new Perm(Access.BOTH, domid);
    }

    /** Parses {@code n0}, {@code r5}, …: one letter and 1–5 decimal digits. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Perm parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() < 2 || text.length() > 6) {
            throw new IllegalArgumentException("not a xenstore permission: '" + text + "'");
        }
        for (int i = 1; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                throw new IllegalArgumentException("not a xenstore permission: '" + text + "'");
            }
        }
        return new Perm(Access.of(text.charAt(0)), Integer.parseInt(text.substring(1)));
    }

    /** Parses every entry of a list. */
    public static List<Perm> parseAll(Collection<String> texts) {
        List<Perm> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(parse(t));
        }
        return List.copyOf(out);
    }

    /** The wire form, {@code r5}. */
    @JsonValue
    @Override
    public String toString() {
        return access.letter() + Integer.toString(domid);
    }
}
