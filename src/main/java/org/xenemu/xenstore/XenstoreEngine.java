package org.xenemu.xenstore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.xenstore.perms.Identity;
import org.xenemu.xenstore.perms.NodePerms;
import org.xenemu.xenstore.store.XsPath;
import org.xenemu.xenstore.store.NodeSource;
import org.xenemu.xenstore.store.Overlay;
import org.xenemu.xenstore.store.Quotas;
import org.xenemu.xenstore.store.StoreOps;
import org.xenemu.xenstore.store.Tree;
import org.xenemu.xenstore.txn.Conflicts;
import org.xenemu.xenstore.txn.Transaction;
import org.xenemu.xenstore.watch.PendingEvent;
import org.xenemu.xenstore.watch.WatchRegistry;

/**
 * The {@link Xenstore} of docs/xenstore.md (the whole page): one committed {@link Tree} behind a read/write lock.
 * Reads outside transactions share the read lock; everything else takes the write lock, so every
 * operation is atomic. Changes run in an {@link Overlay} that is applied at once (outside a
 * transaction) or merged into the transaction's overlay; watch events are matched at commit
 * under the lock, queued per connection, and delivered after the lock is released.
 */
public final class XenstoreEngine implements Xenstore {
    private static final long TX_ID_MAX = 0xFFFF_FFFFL;

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Tree tree = Tree.initial();
    private final StoreOps ops;
    private final Quotas quotas;
    private final Domains domains = new Domains();
    private final DomainControl domainControl;
    private final WatchRegistry<EngineConnection> watches = new WatchRegistry<>();
    /** Open connections by domain: RELEASE touches only the released domain's, not all of them. */
    private final Map<Integer, Set<EngineConnection>> connections = new HashMap<>();
    private final Map<Integer, Integer> watchCount = new HashMap<>();
    private final Map<Integer, Integer> transactionCount = new HashMap<>();
    private final Set<Long> openTransactionIds = new HashSet<>();
    private long nextTransactionId = 1;

    /** An engine without a bound on introduced domains: for in-process hosts that build their own fleets. */
    public XenstoreEngine(Quotas quotas) {
        this(quotas, 0);
    }

    /**
     * {@code maxIntroducedDomains}: INTRODUCE of a further domain (dom0 not counted) is ENOMEM
     * once that many are introduced; 0 = no bound. See {@link DomainControl}.
     */
    public XenstoreEngine(Quotas quotas, int maxIntroducedDomains) {
        if (maxIntroducedDomains < 0) {
            throw XenException.invalid("maxIntroducedDomains must be >= 0 (0 = no bound)");
        }
        this.quotas = quotas;
        this.ops = new StoreOps(quotas);
        this.domainControl = new DomainControl(this, tree, domains, maxIntroducedDomains);
    }

    Quotas quotas() {
        return quotas;
    }

    StoreOps ops() {
        return ops;
    }

    /** The committed tree; read it under {@link #read}. */
    Tree tree() {
        return tree;
    }

    @Override
    public XsConnection connect(int domid, boolean privileged, WatchSink sink) {
        if (domid < 0 || domid > 0xFFFF) {
            throw XenException.invalid("domid out of range: " + domid);
        }
        EngineConnection c = new EngineConnection(this, domid, privileged, sink == null ? WatchSink.DISCARD : sink);
        write(() -> connections.computeIfAbsent(domid, d -> new LinkedHashSet<>()).add(c));
        return c;
    }

    @Override
    public Set<Integer> introducedDomains() {
        return read(domains::introduced);
    }

    @Override
    public QuotaReport quota(int domid) {
        return read(() -> {
            Map<String, Long> usage = new LinkedHashMap<>();
            usage.put("nodes", (long) tree.ownedBy(domid));
            usage.put("watches", (long) watchCount.getOrDefault(domid, 0));
            usage.put("transactions", (long) transactionCount.getOrDefault(domid, 0));
            return new QuotaReport(domid, domid == 0, quotas.asMap(), usage);
        });
    }

    @Override
    public long generation() {
        return read(tree::generation);
    }

    // ---- the lock, commit and delivery machinery -------------------------------------------

    /** The domain's open connections (call under the lock). */
    Set<EngineConnection> connectionsOf(int domid) {
        return connections.getOrDefault(domid, Set.of());
    }

    Identity identity(EngineConnection c) {
        return new Identity(c.domid(), c.privileged(), domains.target(c.domid()));
    }

    <T> T query(EngineConnection c, long tx, BiFunction<NodeSource, Identity, T> work) {
        if (tx == 0) {
            return read(() -> {
                verifyOpen(c);
                return work.apply(tree, identity(c));
            });
        }
        return write(() -> work.apply(transaction(c, tx).overlay(), identity(c)));
    }

    void change(EngineConnection c, long tx, BiConsumer<Overlay, Identity> work) {
        Set<EngineConnection> touched = new LinkedHashSet<>();
        write(() -> {
            verifyOpen(c);
            if (tx == 0) {
                Overlay o = new Overlay(tree);
                work.accept(o, identity(c));
                commit(o, touched);
            } else {
                Overlay target = transaction(c, tx).overlay();
                Overlay scratch = new Overlay(target, tree, false, 0);
                work.accept(scratch, identity(c));
                scratch.mergeInto(target);
            }
            return null;
        });
        flush(touched);
    }

    /**
     * Applies {@code o} and fires its events. An event for a node that is missing after the commit
     * and that the transaction found missing when it first looked (created and removed inside it)
     * reaches nobody: C fires a transaction's events at commit with the permissions recorded at
     * first access or read from the committed node ({@code finalize_transaction}, then
     * {@code watch_permitted}), and such a node has neither (measured on C 4.17.7).
     */
    void commit(Overlay o, Set<EngineConnection> touched) {
        tree.apply(o);
        Set<PendingEvent> seen = new HashSet<>();
        for (PendingEvent e : o.events()) {
            if (seen.add(e) && !(o.firstSeenMissing(e.path()) && tree.get(e.path()) == null)) {
                fire(e, touched);
            }
        }
    }

    void fire(PendingEvent e, Set<EngineConnection> touched) {
        watches.match(e, (w, path) -> {
            EngineConnection owner = w.owner();
            if (e.permits(identity(owner))) {
                owner.enqueue(w.eventPath(path), w.token());
                touched.add(owner);
            }
        });
    }

    static void flush(Set<EngineConnection> touched) {
        for (EngineConnection c : touched) {
            c.flush();
        }
    }

    <T> T read(Supplier<T> work) {
        lock.readLock().lock();
        try {
            return work.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    <T> T write(Supplier<T> work) {
        lock.writeLock().lock();
        try {
            return work.get();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static void verifyOpen(EngineConnection c) {
        if (c.isClosed()) {
            throw XenException.of(Errno.EIO, "this xenstore connection is closed");
        }
    }

    static void verifyPrivileged(EngineConnection c, String op) {
        if (!c.privileged()) {
            throw XenException.accessDenied(op + " is for privileged connections only");
        }
    }

    // ---- watches -------------------------------------------------------------------------

    void watch(EngineConnection c, WatchRegistry.Watch<EngineConnection> w) {
        write(() -> {
            verifyOpen(c);
            for (WatchRegistry.Watch<EngineConnection> existing : c.watches) {
                if (existing.path().equals(w.path()) && existing.token().equals(w.token())) {
                    throw XenException.of(Errno.EEXIST, "already watching " + w.path() + " with that token");
                }
            }
            if (!c.privileged() && quotas.watches() > 0 && watchCount.getOrDefault(c.domid(), 0) >= quotas.watches()) {
                throw XenException.of(Errno.E2BIG, "domain " + c.domid() + " has " + quotas.watches()
                        + " watches already (watches quota)");
            }
            c.watches.add(w);
            watches.add(w);
            watchCount.merge(c.domid(), 1, Integer::sum);
            c.enqueue(w.eventPath(w.path()), w.token());
            return null;
        });
        c.flush();
    }

    /** A watch as it was before a restore: registered without its initial event and without the quota check. */
    void restoreWatch(EngineConnection c, WatchRegistry.Watch<EngineConnection> w) {
        write(() -> {
            verifyOpen(c);
            for (WatchRegistry.Watch<EngineConnection> existing : c.watches) {
                if (existing.path().equals(w.path()) && existing.token().equals(w.token())) {
                    throw XenException.of(Errno.EEXIST, "already watching " + w.path() + " with that token");
                }
            }
            c.watches.add(w);
            watches.add(w);
            watchCount.merge(c.domid(), 1, Integer::sum);
            return null;
        });
    }

    void unwatch(EngineConnection c, String path, String token) {
        write(() -> {
            verifyOpen(c);
            for (WatchRegistry.Watch<EngineConnection> w : c.watches) {
                if (w.path().equals(path) && w.token().equals(token)) {
                    dropWatch(c, w);
                    c.watches.remove(w);
                    return null;
                }
            }
            throw XenException.notFound("no watch on " + path + " with that token");
        });
    }

    private void dropWatch(EngineConnection c, WatchRegistry.Watch<EngineConnection> w) {
        watches.remove(w);
        watchCount.merge(c.domid(), -1, Integer::sum);
    }

    /** RESET_WATCHES, release and close: drop every watch and transaction of {@code c}. */
    void dropAll(EngineConnection c) {
        for (WatchRegistry.Watch<EngineConnection> w : c.watches) {
            dropWatch(c, w);
        }
        c.watches.clear();
        for (Transaction t : c.transactions.values()) {
            forget(t);
        }
        c.transactions.clear();
    }

    void reset(EngineConnection c) {
        write(() -> {
            verifyOpen(c);
            dropAll(c);
            return null;
        });
    }

    void close(EngineConnection c) {
        write(() -> {
            if (!c.isClosed()) {
                dropAll(c);
                Set<EngineConnection> own = connections.get(c.domid());
                own.remove(c);
                if (own.isEmpty()) {
                    connections.remove(c.domid());
                }
                c.markClosed();
            }
            return null;
        });
    }

    // ---- transactions ----------------------------------------------------------------------

    private Transaction transaction(EngineConnection c, long tx) {
        verifyOpen(c);
        Transaction t = c.transactions.get(tx);
        if (t == null) {
            throw XenException.notFound("no transaction " + tx + " on this connection");
        }
        return t;
    }

    long transactionStart(EngineConnection c, long tx) {
        return write(() -> {
            verifyOpen(c);
            if (tx != 0) {
                transaction(c, tx); // C looks the header's id up first: unknown is ENOENT
                throw XenException.busy("transactions do not nest");
            }
            if (!c.privileged() && quotas.transactions() > 0
                    && transactionCount.getOrDefault(c.domid(), 0) >= quotas.transactions()) {
                throw XenException.of(Errno.ENOSPC, "domain " + c.domid() + " has " + quotas.transactions()
                        + " transactions open (transactions quota)");
            }
            long id = nextTransactionId();
            Transaction t = new Transaction(id, c.domid(), tree, c.privileged() ? 0 : quotas.transactionNodes());
            c.transactions.put(id, t);
            openTransactionIds.add(id);
            transactionCount.merge(c.domid(), 1, Integer::sum);
            return id;
        });
    }

    private long nextTransactionId() {
        long id;
        do {
            id = nextTransactionId;
            nextTransactionId = id >= TX_ID_MAX ? 1 : id + 1;
        } while (openTransactionIds.contains(id));
        return id;
    }

    private void forget(Transaction t) {
        openTransactionIds.remove(t.id());
        transactionCount.merge(t.domid(), -1, Integer::sum);
    }

    void transactionEnd(EngineConnection c, long tx, boolean commit) {
        Set<EngineConnection> touched = new LinkedHashSet<>();
        write(() -> {
            Transaction t = transaction(c, tx);
            c.transactions.remove(tx);
            forget(t);
            if (commit) {
                verifyNodesQuotaAtCommit(c, t);
                String conflict = Conflicts.firstConflict(t.overlay(), tree);
                if (conflict != null) {
                    throw XenException.of(Errno.EAGAIN, "transaction " + tx + " conflicts: " + conflict
                            + " changed since the transaction accessed it; retry");
                }
                commit(t.overlay(), touched);
            }
            return null;
        });
        flush(touched);
    }

    /**
     * C xenstored 4.17's {@code transaction_fix_domains} check at TRANSACTION_END (measured on the
     * real daemon): when an unprivileged connection commits a transaction in which some request
     * tried to create a node, every unprivileged domain whose node count the transaction changed
     * must stay <em>below</em> the nodes quota, counted against the tree as committed now, or the
     * commit is ENOSPC and changes nothing (the transaction is gone, as on EAGAIN). So two
     * transactions each within quota cannot together push a guest past it. Note C's strict
     * comparison: direct writes may fill the quota exactly, a transaction that creates may not.
     * Privileged connections and transactions that only modify or remove are not checked.
     */
    private void verifyNodesQuotaAtCommit(EngineConnection c, Transaction t) {
        Overlay o = t.overlay();
        if (c.privileged() || quotas.nodes() <= 0 || !o.createAttempted()) {
            return;
        }
        for (Map.Entry<Integer, Integer> e : o.ownedDeltas().entrySet()) {
            int domid = e.getKey();
            long after = (long) tree.ownedBy(domid) + e.getValue();
            if (domid != 0 && after >= quotas.nodes()) {
                throw XenException.of(Errno.ENOSPC, "transaction " + t.id() + " would leave domain " + domid
                        + " owning " + after + " nodes; a transaction must leave it below the nodes quota of "
                        + quotas.nodes());
            }
        }
    }

    // ---- domains and special paths: see DomainControl --------------------------------------

    DomainControl domainControl() {
        return domainControl;
    }

    String control(EngineConnection c, List<String> args) {
        verifyPrivileged(c, "CONTROL");
        return ControlCommands.run(this, args);
    }

    int size() {
        return read(tree::size);
    }

    // ---- snapshots ------------------------------------------------------------------------

    /** The store now, as immutable values; the caller holds the engine lock so that nothing moves. */
    public XenstoreState capture() {
        return write(() -> {
            List<XenstoreState.NodeState> nodes = new ArrayList<>(tree.size());
            for (Tree.SavedNode n : tree.save()) {
                nodes.add(new XenstoreState.NodeState(n.path(), n.value(), n.perms(), n.generation()));
            }
            return new XenstoreState(nodes, tree.generation(), domains.introducedWithGfn(), domains.targetsMap(),
                    domainControl.specialPermStrings(), nextTransactionId);
        });
    }

    /** A checked state, ready to replace the live store: {@link #prepare} fails, {@link Prepared#apply} does not. */
    public final class Prepared {
        private final Tree restoredTree;
        private final XenstoreState state;
        private final Map<String, NodePerms> special;

        private Prepared(Tree restoredTree, XenstoreState state, Map<String, NodePerms> special) {
            this.restoredTree = restoredTree;
            this.state = state;
            this.special = special;
        }

        /**
         * Replaces the store: every connection is closed (its watches and transactions dropped),
         * then the tree, domains, special permissions and transaction counter become the saved ones.
         */
        public void apply() {
            write(() -> {
                for (Set<EngineConnection> own : connections.values()) {
                    for (EngineConnection c : own) {
                        dropAll(c);
                        c.markClosed();
                    }
                }
                connections.clear();
                watchCount.clear();
                transactionCount.clear();
                openTransactionIds.clear();
                tree.replaceWith(restoredTree);
                domains.restore(state.introduced(), state.targets());
                domainControl.restoreSpecialPerms(special);
                nextTransactionId = state.nextTransactionId();
                return null;
            });
        }
    }

    /** Checks {@code s} and builds what it describes, touching nothing live; EINVAL naming the fault. */
    public Prepared prepare(XenstoreState s) {
        List<Tree.SavedNode> saved = new ArrayList<>(s.nodes().size());
        for (XenstoreState.NodeState n : s.nodes()) {
            saved.add(new Tree.SavedNode(n.path(), n.value(), n.perms(), n.generation()));
        }
        Tree t = Tree.restored(saved, s.generation());
        if (!s.introduced().containsKey(0)) {
            throw XenException.invalid("xenstore: dom0 must be introduced");
        }
        for (Map.Entry<Integer, Long> e : s.introduced().entrySet()) {
            if (e.getKey() < 0 || e.getKey() >= 0x7FF0) {
                throw XenException.invalid("xenstore: introduced domain " + e.getKey() + " is not a domain id");
            }
        }
        for (Map.Entry<Integer, Integer> e : s.targets().entrySet()) {
            if (!s.introduced().containsKey(e.getKey()) || !s.introduced().containsKey(e.getValue())) {
                throw XenException.invalid("xenstore: target " + e.getKey() + " -> " + e.getValue()
                        + " names a domain that is not introduced");
            }
        }
        if (!s.specialPerms().keySet().equals(Set.of(XsPath.INTRODUCE_DOMAIN, XsPath.RELEASE_DOMAIN))) {
            throw XenException.invalid("xenstore: special permissions must be given for exactly "
                    + XsPath.INTRODUCE_DOMAIN + " and " + XsPath.RELEASE_DOMAIN);
        }
        Map<String, NodePerms> special = new HashMap<>();
        s.specialPerms().forEach((path, perms) -> {
            try {
                special.put(path, NodePerms.parse(perms));
            } catch (XenException e) {
                throw XenException.invalid("xenstore: permissions of " + path + ": " + e.getMessage());
            }
        });
        if (s.nextTransactionId() < 1 || s.nextTransactionId() > TX_ID_MAX) {
            throw XenException.invalid("xenstore: next transaction id " + s.nextTransactionId() + " outside 1.."
                    + TX_ID_MAX);
        }
        return new Prepared(t, s, special);
    }
}
