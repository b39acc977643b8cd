package org.xenemu.xenstore.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.xenemu.error.XenException;
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

    // ---- snapshots ----

    /** One node as a snapshot saves it: absolute path, value, permission strings, generation. */
    public record SavedNode(String path, byte[] value, List<String> perms, long generation) {
    }

    /** Every node, parents before children and children in creation order (a pre-order walk). */
    public List<SavedNode> save() {
        List<SavedNode> out = new ArrayList<>(nodes.size());
        List<String> stack = new ArrayList<>();
        stack.add(XsPath.ROOT);
        while (!stack.isEmpty()) {
            String path = stack.remove(stack.size() - 1);
            Node n = nodes.get(path);
            if (n == null) {
                continue;
            }
            out.add(new SavedNode(path, n.value(), n.perms().strings(), n.generation()));
            for (int i = n.childCount() - 1; i >= 0; i--) {
                stack.add(XsPath.child(path, n.child(i)));
            }
        }
        return out;
    }

    /**
     * A tree built from saved nodes, checked: the root first, every other node after its parent,
     * no path twice, valid paths and permission lists, generations between 0 and {@code generation}.
     * Children keep the order the nodes come in. EINVAL naming the first fault.
     */
    public static Tree restored(List<SavedNode> saved, long generation) {
        if (generation < 0) {
            throw XenException.invalid("xenstore generation must not be negative");
        }
        if (saved.isEmpty() || !XsPath.ROOT.equals(saved.get(0).path())) {
            throw XenException.invalid("xenstore nodes must start with the root /");
        }
        Tree t = new Tree();
        t.generation = generation;
        for (int i = 0; i < saved.size(); i++) {
            SavedNode s = saved.get(i);
            String where = "xenstore node " + i + " (" + s.path() + ")";
            if (s.generation() < 0 || s.generation() > generation) {
                throw XenException.invalid(where + ": generation " + s.generation() + " outside 0.." + generation);
            }
            NodePerms perms;
            try {
                perms = NodePerms.parse(s.perms());
            } catch (XenException e) {
                throw XenException.invalid(where + ": " + e.getMessage());
            }
            Node node = Node.empty(perms).withValue(s.value()).withGeneration(s.generation());
            if (i > 0) {
                try {
                    XsPath.verify(s.path(), 0);
                } catch (XenException e) {
                    throw XenException.invalid(where + ": " + e.getMessage());
                }
                if (t.nodes.containsKey(s.path())) {
                    throw XenException.invalid(where + ": the path comes twice");
                }
                String parentPath = XsPath.parent(s.path());
                Node parent = t.nodes.get(parentPath);
                if (parent == null) {
                    throw XenException.invalid(where + ": its parent " + parentPath + " does not come before it");
                }
                t.nodes.put(parentPath, parent.withChild(XsPath.name(s.path())));
                t.owned.merge(perms.owner(), 1, Integer::sum);
            } else if (t.nodes.containsKey(s.path())) {
                throw XenException.invalid(where + ": the path comes twice");
            }
            t.nodes.put(s.path(), node);
        }
        return t;
    }

    /** Restore: this tree becomes {@code other} (already checked); the engine holds its write lock. */
    public void replaceWith(Tree other) {
        nodes.clear();
        nodes.putAll(other.nodes);
        owned.clear();
        owned.putAll(other.owned);
        generation = other.generation;
    }
}
