package org.xenemu.xenstore.store;

/** Something nodes can be looked up in: the committed tree or a transaction's view of it. */
public interface NodeSource {
    /** The node at an absolute path, or null when there is none (package-internal convention). */
    Node get(String path);
}
