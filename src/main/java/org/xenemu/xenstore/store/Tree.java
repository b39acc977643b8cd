package org.xenemu.xenstore.store;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.xenemu.xenstore.perms.Identity;
import org.xenemu.xenstore.perms.NodePerms;

/**
 * The committed tree: nodes by absolute path, a global generation counter (every committed
 * change gives the changed node the next value, as C xenstored does) and how many nodes each
 * domain owns (the {@code nodes} quota counts nodes against their owner). Not thread-safe: the
 * engine's lock guards it; lookups are plain {@link HashMap} reads, so concurrent readers under a
 * read lock are fine.
 */
public final class Tree implements NodeSource {
    private final Map<String, Node> nodes = new HashMap<>(1024);
    private final Map<Integer, Integer> owned = new HashMap<>();
    private long generation;

    /** The initial tree of docs/xenstore.md "Tree and paths", all {@code n0}. */
    public static Tree initial() {
        Tree t = new Tree();
        Node root = Node.empty(NodePerms.DOM0_ONLY);
        t.nodes.put(XsPath.ROOT, root.withGeneration(t.nextGeneration()));
        Overlay o = new Overlay(t);
        StoreOps ops = new StoreOps(Quotas.DEFAULTS);
        Identity dom0 = Identity.of(0, true);
        ops.mkdir(o, dom0, "/tool/xenstored");
        ops.write(o, dom0, "/local/domain/0/name", "Domain-0".getBytes(StandardCharsets.US_ASCII));
        ops.write(o, dom0, "/local/domain/0/domid", "0".getBytes(StandardCharsets.US_ASCII));
        t.apply(o);
        return t;
    }

    @Override
    public @Nullable Node get(String path) {
        return nodes.get(path);
    }

    public int size() {
        return nodes.size();
    }

    public long generation() {
        return generation;
    }

    private long nextGeneration() {
        return ++generation;
    }

    /** Nodes {@code domid} owns in the committed tree (the root is nobody's to count). */
    public int ownedBy(int domid) {
        return owned.getOrDefault(domid, 0);
    }

    /** Makes an overlay's changes the committed state; every changed node gets a new generation. */
    public void apply(Overlay overlay) {
        for (Map.Entry<String, Node> e : overlay.changes().entrySet()) {
            String path = e.getKey();
            Node next = e.getValue();
            Node previous = next == Overlay.DELETED ? nodes.remove(path)
                    : nodes.put(path, next.withGeneration(nextGeneration()));
            if (XsPath.ROOT.equals(path)) {
                continue;
            }
            if (previous != null) {
                owned.merge(previous.perms().owner(), -1, Integer::sum);
            }
            if (next != Overlay.DELETED) {
                owned.merge(next.perms().owner(), 1, Integer::sum);
            }
        }
    }

    /** Every path, for walks that must see the whole tree (release of a domain). */
    public Iterable<Map.Entry<String, Node>> entries() {
        return nodes.entrySet();
    }
}
