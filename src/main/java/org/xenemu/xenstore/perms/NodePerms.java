package org.xenemu.xenstore.perms;

import java.util.ArrayList;
import java.util.List;
import org.xenemu.error.XenException;

/**
 * A node's permission list (xenstore.txt "Permissions"; C xenstored {@code perm_for_conn}).
 * Entry 0 names the owner, who always has full access, and the default for every domain without
 * an entry of its own; later entries grant per-domain access and the first match wins. A domain
 * acting for a target (SET_TARGET) also matches the target's entries.
 */
public final class NodePerms {
    /** What dom0 owns: the initial tree's {@code n0}. */
    public static final NodePerms DOM0_ONLY = new NodePerms(List.of(new Perm(Perm.Access.NONE, 0)));

    private final List<Perm> entries;

    private NodePerms(List<Perm> entries) {
        this.entries = entries;
    }

    public static NodePerms of(List<Perm> entries) {
        if (entries.isEmpty()) {
            throw XenException.invalid("a permission list needs at least one entry");
        }
        return new NodePerms(List.copyOf(entries));
    }

    /** Parses SET_PERMS arguments; fewer than one entry or a malformed one is EINVAL. */
    public static NodePerms parse(List<String> texts) {
        if (texts == null || texts.isEmpty()) {
            throw XenException.invalid("SET_PERMS needs at least one permission");
        }
        List<Perm> list = new ArrayList<>(texts.size());
        for (String t : texts) {
            list.add(Perm.parse(t));
        }
        return new NodePerms(List.copyOf(list));
    }

    public List<Perm> entries() {
        return entries;
    }

    public int owner() {
        return entries.get(0).domid();
    }

    public int size() {
        return entries.size();
    }

    /** A new node's list: the parent's, with the unprivileged creator as owner. */
    public NodePerms withOwner(int domid) {
        if (owner() == domid) {
            return this;
        }
        List<Perm> copy = new ArrayList<>(entries);
        copy.set(0, new Perm(entries.get(0).access(), domid));
        return new NodePerms(List.copyOf(copy));
    }

    /** Is {@code who} the owner (itself or through its target)? Privilege is checked by the caller. */
    public boolean isOwner(Identity who) {
        int owner = owner();
        return owner == who.domid() || (who.target() >= 0 && owner == who.target());
    }

    public boolean mayRead(Identity who) {
        return who.privileged() || access(who).read();
    }

    public boolean mayWrite(Identity who) {
        return who.privileged() || access(who).write();
    }

    private Perm.Access access(Identity who) {
        if (isOwner(who)) {
            return Perm.Access.BOTH;
        }
        for (int i = 1; i < entries.size(); i++) {
            Perm p = entries.get(i);
            if (p.domid() == who.domid() || (who.target() >= 0 && p.domid() == who.target())) {
                return p.access();
            }
        }
        return entries.get(0).access();
    }

    public List<String> strings() {
        List<String> out = new ArrayList<>(entries.size());
        for (Perm p : entries) {
            out.add(p.toString());
        }
        return out;
    }

    /** Bytes the list costs in C's node record (8 per {@code struct xs_permissions}). */
    public int recordBytes() {
        return 8 * entries.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodePerms other && entries.equals(other.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return String.join(",", strings());
    }
}
