package org.xenemu.xenstore.store;

import java.util.ArrayList;
import java.util.List;
import org.xenemu.xenstore.perms.NodePerms;

/**
 * One xenstore node, immutable: its value bytes (may be empty, may hold NULs), its permission
 * list, its child names in creation order and its generation count (C xenstored's per-node
 * {@code generation}, which a transaction compares at commit). A change makes a new Node, so a
 * transaction's private copies and the committed tree never share mutable state.
 */
public final class Node {
    private static final byte[] EMPTY = new byte[0];
    private static final String[] NO_CHILDREN = new String[0];

    private final byte[] value;
    private final NodePerms perms;
    private final String[] children;
    private final long generation;

    private Node(byte[] value, NodePerms perms, String[] children, long generation) {
        this.value = value;
        this.perms = perms;
        this.children = children;
        this.generation = generation;
    }

    public static Node empty(NodePerms perms) {
        return new Node(EMPTY, perms, NO_CHILDREN, 0);
    }

    /** The value; callers must not modify it (copy before handing it outside the store). */
    public byte[] valueUnsafe() {
        return value;
    }

    public byte[] value() {
        return value.clone();
    }

    public NodePerms perms() {
        return perms;
    }

    public List<String> children() {
        return List.of(children);
    }

    public int childCount() {
        return children.length;
    }

    public String child(int i) {
        return children[i];
    }

    public long generation() {
        return generation;
    }

    public Node withValue(byte[] newValue) {
        return new Node(newValue.length == 0 ? EMPTY : newValue.clone(), perms, children, generation);
    }

    public Node withPerms(NodePerms newPerms) {
        return new Node(value, newPerms, children, generation);
    }

    public Node withGeneration(long newGeneration) {
        return new Node(value, perms, children, newGeneration);
    }

    public Node withChild(String name) {
        String[] more = new String[children.length + 1];
        System.arraycopy(children, 0, more, 0, children.length);
        more[children.length] = name;
        return new Node(value, perms, more, generation);
    }

    public Node withoutChild(String name) {
        List<String> kept = new ArrayList<>(children.length);
        for (String c : children) {
            if (!c.equals(name)) {
                kept.add(c);
            }
        }
        return new Node(value, perms, kept.toArray(NO_CHILDREN), generation);
    }

    /** C xenstored's record size for the node-size quota: 24-byte header, perms, value, NUL-ended child names. */
    public int recordBytes() {
        return 24 + perms.recordBytes() + value.length + childNamesBytes();
    }

    /** Length of the NUL-joined child list, as DIRECTORY sends it. */
    public int childNamesBytes() {
        int n = 0;
        for (String c : children) {
            n += c.length() + 1;
        }
        return n;
    }
}
