package org.xenemu.xenstore.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.xenstore.perms.NodePerms;
import org.xenemu.xenstore.watch.PendingEvent;

/**
 * Changes layered over a {@link NodeSource}: what one operation or one transaction did, not yet
 * committed. Every operation runs in an overlay (oxenstored's "a request outside a transaction
 * goes through the same code as transaction 0"): outside a transaction the engine applies it to
 * the tree at once; inside, it is merged into the transaction's overlay. A failed operation drops
 * its overlay, so it changes nothing.
 *
 * <p>A transaction's own overlay (over the tree) also keeps every node it accessed <em>as it was
 * the first time it looked at it</em>, "missing" included, and answers later looks from that copy:
 * C xenstored 4.17 copies a node into the transaction on first access ({@code access_node}), so a
 * second READ, DIRECTORY or GET_PERMS after someone else's commit still shows the first value,
 * child list and permissions (ENOENT again for a node first seen missing), measured on the real
 * daemon. The kept nodes' generations are what {@link org.xenemu.xenstore.txn.Conflicts} compares
 * at commit, so a transaction that commits saw exactly the committed tree.
 */
public final class Overlay implements NodeSource {
    /** Marks a deletion in {@link #changes()}. */
    public static final Node DELETED = Node.empty(NodePerms.DOM0_ONLY);
    public static final long MISSING = -1;
    /** Marks "was missing at first access" in {@link #seen}. */
    private static final Node ABSENT = Node.empty(NodePerms.DOM0_ONLY);

    private final NodeSource base;
    private final Tree tree;
    private final Map<String, Node> changes = new LinkedHashMap<>();
    /** Path → node at first access ({@link #ABSENT}: missing); null unless recording. */
    private final Map<String, Node> seen;
    private final int accessLimit;
    private final List<PendingEvent> events = new ArrayList<>();
    private final Map<Integer, Integer> ownedDelta = new HashMap<>(4);
    /** C's {@code ta_node_created}: some request tried to create a node here, even if it then failed. */
    private boolean createAttempted;

    /** A plain overlay over the tree (no access recording). */
    public Overlay(Tree tree) {
        this(tree, tree, false, 0);
    }

    /** An overlay over {@code base}; {@code recordAccess} for a transaction's own overlay over the tree. */
    public Overlay(NodeSource base, Tree tree, boolean recordAccess, int accessLimit) {
        this.base = base;
        this.tree = tree;
        this.seen = recordAccess ? new LinkedHashMap<>() : null;
        this.accessLimit = accessLimit;
    }

    @Override
    public Node get(String path) {
        Node changed = changes.get(path);
        if (changed != null) {
            return changed == DELETED ? null : changed;
        }
        if (seen == null) {
            return base.get(path);
        }
        Node first = seen.get(path);
        if (first == null) {
            if (accessLimit > 0 && seen.size() >= accessLimit) {
                throw XenException.of(Errno.ENOSPC, "transaction touches more than " + accessLimit
                        + " nodes (transaction-nodes quota)");
            }
            first = base.get(path);
            seen.put(path, first == null ? ABSENT : first);
            return first;
        }
        return first == ABSENT ? null : first;
    }

    @Override
    public Node peek(String path) {
        Node changed = changes.get(path);
        if (changed != null) {
            return changed == DELETED ? null : changed;
        }
        Node first = seen == null ? null : seen.get(path);
        if (first != null) {
            return first == ABSENT ? null : first; // the transaction's own view, as get() gives it
        }
        return base.peek(path);
    }

    /** Sets a node that exists (already looked up through {@link #get}). */
    public void put(String path, Node previous, Node next) {
        changes.put(path, next);
        if (previous.perms().owner() != next.perms().owner()) {
            ownedDelta.merge(previous.perms().owner(), -1, Integer::sum);
            ownedDelta.merge(next.perms().owner(), 1, Integer::sum);
        }
    }

    /** Adds a node that did not exist; the caller links it into its parent. */
    public void create(String path, Node node) {
        changes.put(path, node);
        ownedDelta.merge(node.perms().owner(), 1, Integer::sum);
    }

    /**
     * Notes that a request is about to create a node. Recorded in every overlay below this one
     * too, so it survives the failure of the request's own overlay: C xenstored 4.17 sets the
     * transaction's "node created" flag before its quota checks, and a commit after a create
     * that failed on the nodes quota is still checked (measured on the real daemon).
     */
    public void noteCreate() {
        createAttempted = true;
        if (base instanceof Overlay o) {
            o.noteCreate();
        }
    }

    public boolean createAttempted() {
        return createAttempted;
    }

    /** Domain → change of its owned-node count, for every domain whose count this overlay touched (net 0 included). */
    public Map<Integer, Integer> ownedDeltas() {
        return Collections.unmodifiableMap(ownedDelta);
    }

    public void delete(String path, Node previous) {
        changes.put(path, DELETED);
        ownedDelta.merge(previous.perms().owner(), -1, Integer::sum);
    }

    public void event(PendingEvent event) {
        events.add(event);
    }

    /** Nodes {@code domid} would own if this overlay (and those below it) committed now. */
    public int ownedBy(int domid) {
        int here = ownedDelta.getOrDefault(domid, 0);
        return here + (base instanceof Overlay o ? o.ownedBy(domid) : tree.ownedBy(domid));
    }

    /**
     * The count the nodes quota compares with when a request creates a node here. Outside a
     * transaction: what the domain would own with this request's nodes so far. Inside one: what it
     * owns in the committed tree, ignoring the transaction's and the request's own nodes, as C
     * xenstored 4.17 does (measured: with quota 5 and 2 nodes owned, a transaction may create 4
     * and the commit is then ENOSPC, see {@code XenstoreEngine.verifyNodesQuotaAtCommit}).
     */
    public int quotaCount(int domid) {
        return inTransaction() ? tree.ownedBy(domid) : ownedBy(domid);
    }

    private boolean inTransaction() {
        return seen != null || (base instanceof Overlay o && o.inTransaction());
    }

    /** Makes this overlay's work part of {@code target} (the transaction it ran in). */
    public void mergeInto(Overlay target) {
        target.changes.putAll(changes);
        ownedDelta.forEach((d, n) -> target.ownedDelta.merge(d, n, Integer::sum));
        target.createAttempted |= createAttempted;
        target.events.addAll(events);
    }

    public Map<String, Node> changes() {
        return changes;
    }

    public List<PendingEvent> events() {
        return events;
    }

    /** Path → generation seen at first access ({@link #MISSING} for absent), in access order; empty unless recording. */
    public Map<String, Long> accessed() {
        if (seen == null) {
            return Map.of();
        }
        Map<String, Long> generations = new LinkedHashMap<>(seen.size() * 2);
        seen.forEach((path, node) -> generations.put(path, node == ABSENT ? MISSING : node.generation()));
        return generations;
    }

    /** A transaction's overlay that found {@code path} missing the first time it looked at it. */
    public boolean firstSeenMissing(String path) {
        return seen != null && seen.get(path) == ABSENT;
    }

    public boolean isEmpty() {
        return changes.isEmpty() && events.isEmpty();
    }
}
