package org.xenemu.xenstore.store;

import org.jspecify.annotations.Nullable;

/** Something nodes can be looked up in: the committed tree or a transaction's view of it. */
public interface NodeSource {
    /** The node at an absolute path, or null when there is none (package-internal convention). */
    @Nullable Node get(String path);

    /**
     * The same lookup, but not an <em>access</em> for a transaction's conflict check: used only
     * to learn the permissions a watch event needs, which C xenstored does not count either.
     */
    default @Nullable Node peek(String path) {
        return get(path);
    }
}
