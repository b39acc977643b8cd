package org.xenemu.xenstore.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.xenstore.perms.Identity;
import org.xenemu.xenstore.perms.NodePerms;
import org.xenemu.xenstore.watch.PendingEvent;

/**
 * The node operations of xenstore.txt ("Operations"), each checking permissions inside the store
 * with the caller's {@link Identity} and working on a {@link NodeSource} / {@link Overlay}, so the
 * same code serves requests inside and outside transactions. Paths are already canonical.
 * Quotas apply to unprivileged callers only.
 */
public final class StoreOps {
    private final Quotas quotas;

    public StoreOps(Quotas quotas) {
        this.quotas = quotas;
    }

    public Quotas quotas() {
        return quotas;
    }

    /**
     * C xenstored's {@code get_node}: the node if it exists and grants the access; otherwise
     * ENOENT or EACCES, where a missing or refused node whose nearest existing ancestor does not
     * grant the same access is EACCES, so that existence does not leak. Like C
     * ({@code errno_from_parents}), every failure looks the ancestors up, privileged callers
     * too: in a transaction that makes them accessed nodes, so "read missing /c/nope, someone
     * else creates /c/other" fails the commit with EAGAIN as on C xenstored 4.17.
     */
    public Node node(NodeSource v, Identity who, String path, boolean write) {
        Node node = v.get(path);
        if (node != null && (write ? node.perms().mayWrite(who) : node.perms().mayRead(who))) {
            return node;
        }
        boolean ancestorGrants = ancestorGrants(v, who, path, write);
        if (node == null && (who.privileged() || ancestorGrants)) {
            throw XenException.notFound("no node " + path);
        }
        throw XenException.accessDenied("domain " + who.domid() + " may not " + (write ? "write " : "read ") + path);
    }

    private static boolean ancestorGrants(NodeSource v, Identity who, String path, boolean write) {
        String p = path;
        while (!XsPath.ROOT.equals(p)) {
            p = XsPath.parent(p);
            Node n = v.get(p);
            if (n != null) {
                return write ? n.perms().mayWrite(who) : n.perms().mayRead(who);
            }
        }
        return false;
    }

    public byte[] read(NodeSource v, Identity who, String path) {
        return node(v, who, path, false).value();
    }

    public List<String> children(NodeSource v, Identity who, String path) {
        return node(v, who, path, false).children();
    }

    public NodePerms perms(NodeSource v, Identity who, String path) {
        return node(v, who, path, false).perms();
    }

    /** WRITE: sets the value, creating missing parents with empty values; fires once for {@code path}. */
    public void write(Overlay v, Identity who, String path, byte[] value) {
        Node existing = existingOrNull(v, who, path);
        Node written;
        if (existing != null) {
            written = existing.withValue(value);
            verifySize(who, written);
            v.put(path, existing, written);
        } else {
            written = create(v, who, path, value);
        }
        v.event(event(v, path, written, null));
    }

    /** MKDIR: creates the node and missing parents; an existing node is a silent success (no event). */
    public void mkdir(Overlay v, Identity who, String path) {
        if (existingOrNull(v, who, path) == null) {
            Node created = create(v, who, path, new byte[0]);
            v.event(event(v, path, created, null));
        }
    }

    /**
     * RM: removes the node and its subtree. A missing node is fine when its parent exists, ENOENT
     * otherwise; {@code /} is EINVAL. Fires for the node and for each removed descendant (exact).
     */
    public void rm(Overlay v, Identity who, String path) {
        if (XsPath.ROOT.equals(path)) {
            throw XenException.invalid("the root cannot be removed");
        }
        Node node = existingOrNull(v, who, path);
        if (node == null) {
            if (v.get(XsPath.parent(path)) == null) {
                throw XenException.notFound("neither " + path + " nor its parent exists");
            }
            return;
        }
        removeSubtree(v, path, node);
    }

    /** Removes a subtree without permission checks (RM after its check; release of a domain). */
    public void removeSubtree(Overlay v, String path, Node node) {
        String parentPath = XsPath.parent(path);
        Node parent = v.get(parentPath);
        if (parent == null) {
            // only in a transaction that saw the node before someone else removed its parent;
            // C xenstored answers EINVAL here, and the commit would fail with EAGAIN anyway
            throw XenException.invalid("the parent of " + path + " vanished during the transaction");
        }
        v.event(event(v, path, node, null));
        deleteRecursively(v, path, node);
        Node shrunk = parent.withoutChild(XsPath.name(path));
        v.put(parentPath, parent, shrunk);
    }

    private void deleteRecursively(Overlay v, String path, Node node) {
        for (int i = 0; i < node.childCount(); i++) {
            String childPath = XsPath.child(path, node.child(i));
            Node child = v.get(childPath);
            if (child != null) {
                v.event(new PendingEvent(childPath, true, List.of(child.perms(), node.perms())));
                deleteRecursively(v, childPath, child);
            }
        }
        v.delete(path, node);
    }

    /**
     * SET_PERMS: owner or privileged only (EACCES otherwise); an unprivileged caller may not
     * change the owner (EPERM) nor set more than the permissions quota (ENOSPC).
     */
    public void setPerms(Overlay v, Identity who, String path, NodePerms perms) {
        Node node = node(v, who, path, true);
        verifyPermsChange(who, node.perms(), perms, path);
        Node changed = node.withPerms(perms);
        verifySize(who, changed);
        v.put(path, node, changed);
        v.event(event(v, path, changed, node.perms()));
    }

    /** The SET_PERMS rules, shared with the special paths. */
    public void verifyPermsChange(Identity who, NodePerms current, NodePerms wanted, String path) {
        if (who.privileged()) {
            return;
        }
        if (!current.isOwner(who)) {
            throw XenException.accessDenied("only the owner of " + path + " may change its permissions");
        }
        if (Quotas.exceeded(quotas.permissions(), wanted.size())) {
            throw XenException.of(Errno.ENOSPC, "more than " + quotas.permissions() + " permissions (permissions quota)");
        }
        if (wanted.owner() != current.owner()) {
            throw XenException.notPermitted("an unprivileged domain may not change the owner of " + path);
        }
    }

    private @Nullable Node existingOrNull(Overlay v, Identity who, String path) {
        try {
            return node(v, who, path, true);
        } catch (XenException e) {
            if (e.errno() == Errno.ENOENT) {
                return null;
            }
            throw e;
        }
    }

    /** C's construct_node: missing ancestors copy their parent's perms, an unprivileged creator owns them. */
    private Node create(Overlay v, Identity who, String path, byte[] value) {
        List<String> missing = new ArrayList<>();
        String p = path;
        Node parent;
        while (true) {
            missing.add(p);
            p = XsPath.parent(p);
            parent = v.get(p);
            if (parent != null) {
                break;
            }
        }
        String parentPath = p;
        @Nullable Node created = null;
        v.noteCreate();
        for (int i = missing.size() - 1; i >= 0; i--) {
            String childPath = missing.get(i);
            if (!who.privileged() && Quotas.exceeded(quotas.nodes(), v.quotaCount(who.domid()) + 1L)) {
                throw XenException.of(Errno.ENOSPC, "domain " + who.domid() + " owns " + quotas.nodes()
                        + " nodes already (nodes quota)");
            }
            Node grown = parent.withChild(XsPath.name(childPath));
            verifySize(who, grown);
            v.put(parentPath, parent, grown);
            NodePerms perms = who.privileged() ? parent.perms() : parent.perms().withOwner(who.domid());
            created = Node.empty(perms);
            if (i == 0) {
                created = created.withValue(value);
                verifySize(who, created);
            }
            v.create(childPath, created);
            parent = created;
            parentPath = childPath;
        }
        return Objects.requireNonNull(created, path); // the last missing component is path itself
    }

    private void verifySize(Identity who, Node node) {
        if (!who.privileged() && quotas.nodeSize() > 0 && node.recordBytes() >= quotas.nodeSize()) {
            throw XenException.of(Errno.ENOSPC, "node would take " + node.recordBytes()
                    + " bytes, the node-size quota is " + quotas.nodeSize());
        }
    }

    private static PendingEvent event(NodeSource v, String path, Node node, @Nullable NodePerms oldPerms) {
        List<NodePerms> via = new ArrayList<>(3);
        if (oldPerms != null) {
            via.add(oldPerms);
        }
        via.add(node.perms());
        if (!XsPath.ROOT.equals(path)) {
            Node parent = v.peek(XsPath.parent(path));
            if (parent != null) {
                via.add(parent.perms());
            }
        }
        return new PendingEvent(path, false, List.copyOf(via));
    }
}
