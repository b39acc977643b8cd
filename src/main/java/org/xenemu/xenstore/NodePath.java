package org.xenemu.xenstore;

import org.xenemu.xenstore.store.XsPath;

/**
 * An absolute xenstore path as a value (docs/xenstore.md "Tree and paths"), for the modules that
 * build paths rather than receive them: checked once when made (EINVAL as the store would answer),
 * then extended a component at a time instead of concatenating strings.
 *
 * <pre>
 * NodePath.home(3)                          → /local/domain/3
 * NodePath.home(3).child("memory").child("target") → /local/domain/3/memory/target
 * </pre>
 */
public record NodePath(String value) {
    public static final NodePath ROOT = new NodePath(XsPath.ROOT);

    public NodePath {
        XsPath.verify(value, 0);
    }

    public static NodePath of(String absolute) {
        return new NodePath(absolute);
    }

    /** A domain's home, {@code /local/domain/<domid>}. */
    public static NodePath home(int domid) {
        return new NodePath(XsPath.home(domid));
    }

    /** The path one component below; EINVAL if {@code name} is not a valid component. */
    public NodePath child(String name) {
        return new NodePath(XsPath.child(value, name));
    }

    @Override
    public String toString() {
        return value;
    }
}
