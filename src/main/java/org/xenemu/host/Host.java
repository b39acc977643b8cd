package org.xenemu.host;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.units.Pages;

/**
 * The hypervisor's page pool (docs/memory.md "Host"): every page is Xen-reserved, free, owned by a
 * domain, held in tmem for a domain, held by pressure, or reserved for a toolstack reservation
 * (docs/toolstack.md "Reservations"), per NUMA node; {@link #verifyConservation()} checks that
 * these add up. Plain Java, not thread-safe: callers hold the scheduler's engine lock.
 *
 * <p>Allocation is partial by design (Xen's populate_physmap may grant fewer pages than asked,
 * seed 000): it stops at the domain's {@code max_pages} and at what the nodes have free.
 * Freeing gives back remote-node pages first so that a domain drifts back to its home node.
 */
public final class Host {
    // not final: a snapshot restore replaces the whole pool in place (restore(State))
    private NumaTopology topology;
    private long[] nodeTotal;
    private long[] free;
    private long[] xen;
    private long[] pressure;
    /** Pages held for each reservation (by its id), per node: out of every other allocation. */
    private final Map<String, long[]> reserved = new TreeMap<>();
    private final Map<Integer, Account> accounts = new HashMap<>();
    /** The same accounts by domid, for the lookups every balloon batch and tmem put makes (domids are small). */
    private Account[] byDomid = new Account[64];
    private static final int MAX_INDEXED_DOMID = 1 << 16;
    private Allocator nearest;
    /** Kept across policy switches: its cursor is where the next round-robin grant starts. */
    private RoundRobinAllocator roundRobin;
    private AllocationPolicy policy;
    /**
     * The fewest pages free at any moment since {@link #takeFreeLowWater()} was last called: what a
     * scenario runner that splits one host's domains over several hosts adds up to prove the split
     * changed nothing (no grant could have been short). Not host state: snapshots do not carry it.
     */
    private long freeLowWater = Long.MAX_VALUE;
    /** A tmem put's grant per node, reused (one slot per node): puts come with most swap-outs. */
    private long[] tmemGrant;

    /** {@code nodes} equal nodes (the first ones take the remainder), distance 10 local / 20 remote. */
    public static Host uniform(long totalPages, int nodes, long xenPages, AllocationPolicy policy) {
        if (nodes < 1 || nodes > 64) {
            throw XenException.invalid("nodes must be 1..64");
        }
        long[] sizes = new long[nodes];
        for (int n = 0; n < nodes; n++) {
            sizes[n] = totalPages / nodes + (n < totalPages % nodes ? 1 : 0);
        }
        return new Host(sizes, NumaTopology.uniform(nodes), xenPages, policy);
    }

    public Host(long[] nodePages, int[][] distance, long xenPages, AllocationPolicy policy) {
        this(nodePages, topology(nodePages.length, distance), xenPages, policy);
    }

    public Host(long[] nodePages, NumaTopology topology, long xenPages, AllocationPolicy policy) {
        int nodes = nodePages.length;
        if (nodes == 0 || topology.nodeCount() != nodes) {
            throw XenException.invalid("the distance matrix must be nodes × nodes");
        }
        long total = sum(nodePages);
        if (xenPages < 0 || xenPages > total) {
            throw XenException.invalid("the Xen reservation must fit in host memory");
        }
        this.topology = topology;
        this.nodeTotal = nodePages.clone();
        this.nearest = new NearestAllocator(topology);
        this.roundRobin = new RoundRobinAllocator(nodes);
        this.free = nodePages.clone();
        this.xen = new long[nodes];
        this.pressure = new long[nodes];
        this.tmemGrant = new long[nodes];
        this.policy = policy;
        // Xen's own memory is spread like a domain's under round-robin: evenly, remainder from node 0.
        long left = xenPages;
        for (int n = 0; n < nodes && left > 0; n++) {
            long share = Math.min(free[n], xenPages / nodes + (n < xenPages % nodes ? 1 : 0));
            take(xen, n, share);
            left -= share;
        }
        for (int n = 0; n < nodes && left > 0; n++) {
            long share = Math.min(free[n], left);
            take(xen, n, share);
            left -= share;
        }
    }

    private static NumaTopology topology(int nodes, int[][] distance) {
        if (nodes == 0 || distance.length != nodes) {
            throw XenException.invalid("the distance matrix must be nodes × nodes");
        }
        return new NumaTopology(distance);
    }

    // ---- domains ----

    /**
     * Registers a domain and gives it {@code initialPages}, all or nothing: ENOMEM (nothing
     * changes) when the host cannot. Returns the pages granted per node.
     */
    public long[] createDomain(int domid, int homeNode, long maxPages, long initialPages) {
        verifyNode(homeNode);
        if (accounts.containsKey(domid)) {
            throw XenException.of(Errno.EEXIST, "domain " + domid + " already has host memory");
        }
        if (initialPages > maxPages) {
            throw XenException.invalid("initial memory exceeds max_pages");
        }
        if (initialPages > freePages()) {
            throw XenException.noMemory("the host has " + Pages.toKiB(freePages()) + " KiB free, the domain needs "
                    + Pages.toKiB(initialPages) + " KiB");
        }
        register(domid, new Account(homeNode, maxPages, nodeCount()));
        return allocate(domid, initialPages);
    }

    /** Every account is in both indexes: the map, and the array the hot lookups use. */
    private void register(int domid, Account account) {
        accounts.put(domid, account);
        if (domid >= 0 && domid < MAX_INDEXED_DOMID) {
            if (domid >= byDomid.length) {
                byDomid = Arrays.copyOf(byDomid, Math.max(domid + 1, byDomid.length * 2));
            }
            byDomid[domid] = account;
        }
    }

    /** Returns every page and tmem page of the domain to the free pool and forgets it. */
    public void destroyDomain(int domid) {
        Account a = account(domid);
        for (int n = 0; n < nodeCount(); n++) {
            free[n] += a.owned[n] + a.tmem[n];
        }
        accounts.remove(domid);
        if (domid >= 0 && domid < byDomid.length) {
            byDomid[domid] = null;
        }
    }

    /** A domain's home node the host would pick: the one with most free pages, ties by lowest id. */
    public int suggestHomeNode() {
        int best = 0;
        for (int n = 1; n < nodeCount(); n++) {
            if (free[n] > free[best]) {
                best = n;
            }
        }
        return best;
    }

    /** Allocates up to {@code pages} for the domain from its home node outward; returns the grant per node. */
    public long[] allocate(int domid, long pages) {
        long[] grant = new long[nodeCount()];
        allocate(domid, pages, grant);
        return grant;
    }

    /**
     * As {@link #allocate(int, long)}, the grant per node written into {@code grant} (one slot per
     * node); returns the pages granted. For callers that ask often (a balloon step).
     */
    public long allocate(int domid, long pages, long[] grant) {
        Account a = account(domid);
        return allocate(domid, pages, a.homeNode, grant);
    }

    /** As {@link #allocate(int, long)}, searching from {@code homeNode}. Partial grants are normal. */
    public long[] allocate(int domid, long pages, int homeNode) {
        long[] grant = new long[nodeCount()];
        allocate(domid, pages, homeNode, grant);
        return grant;
    }

    private long allocate(int domid, long pages, int homeNode, long[] grant) {
        verifyNode(homeNode);
        Account a = account(domid);
        long want = Math.max(0, Math.min(pages, a.maxPages - a.ownedTotal()));
        long granted = (policy == AllocationPolicy.ROUND_ROBIN ? roundRobin : nearest).grant(want, homeNode, free, grant);
        for (int n = 0; n < nodeCount(); n++) {
            free[n] -= grant[n];
            a.owned[n] += grant[n];
        }
        noteFree();
        return granted;
    }

    /** Takes back up to {@code pages} of the domain's pages, remote nodes first; returns what came back per node. */
    public long[] free(int domid, long pages) {
        long[] back = new long[nodeCount()];
        free(domid, pages, back);
        return back;
    }

    /**
     * As {@link #free(int, long)}, what came back per node written into {@code back} (one slot per
     * node); returns the pages that came back.
     */
    public long free(int domid, long pages, long[] back) {
        Account a = account(domid);
        return releaseRemoteFirst(a.owned, a.homeNode, pages, back);
    }

    public void setMaxPages(int domid, long maxPages) {
        Account a = account(domid);
        if (maxPages < a.ownedTotal()) {
            throw XenException.invalid("max_pages cannot go below what the domain owns ("
                    + Pages.toKiB(a.ownedTotal()) + " KiB)");
        }
        a.maxPages = maxPages;
    }

    public long maxPages(int domid) {
        return account(domid).maxPages;
    }

    public long ownedPages(int domid) {
        return account(domid).ownedTotal();
    }

    public long[] pagesPerNode(int domid) {
        return account(domid).owned.clone();
    }

    public int homeNode(int domid) {
        return account(domid).homeNode;
    }

    public boolean hasDomain(int domid) {
        return accounts.containsKey(domid);
    }

    public Set<Integer> domains() {
        return new TreeSet<>(accounts.keySet());
    }

    // ---- tmem (frontswap pages held by the hypervisor for a domain) ----

    /** Puts up to {@code pages} into tmem for the domain, as far as host free memory allows; returns pages taken. */
    public long tmemPut(int domid, long pages) {
        Account a = account(domid);
        long[] grant = tmemGrant;
        long total = nearest.grant(Math.max(0, pages), a.homeNode, free, grant);
        for (int n = 0; n < nodeCount(); n++) {
            free[n] -= grant[n];
            a.tmem[n] += grant[n];
        }
        noteFree();
        return total;
    }

    /** Releases up to {@code pages} of the domain's tmem back to the host (remote nodes first). */
    public void tmemRelease(int domid, long pages) {
        Account a = account(domid);
        releaseRemoteFirst(a.tmem, a.homeNode, pages, null);
    }

    public long tmemPages(int domid) {
        return sum(account(domid).tmem);
    }

    public long tmemPages() {
        long total = 0;
        for (Account a : accounts.values()) {
            total += sum(a.tmem);
        }
        return total;
    }

    // ---- pressure ----

    /**
     * Makes the host hold {@code pages} away from everyone (absolute), taking only what is free.
     * With a node, only that node's pressure changes; without, all pressure is released and the
     * new amount is taken from the nodes in proportion to their free pages. Returns the total held.
     */
    public long setPressure(long pages, OptionalInt node) {
        if (pages < 0) {
            throw XenException.invalid("pressure must not be negative");
        }
        if (node.isPresent()) {
            int n = node.getAsInt();
            verifyNode(n);
            free[n] += pressure[n];
            pressure[n] = 0;
            take(pressure, n, Math.min(pages, free[n]));
            return pressurePages();
        }
        for (int n = 0; n < nodeCount(); n++) {
            free[n] += pressure[n];
            pressure[n] = 0;
        }
        long want = Math.min(pages, freePages());
        long totalFree = freePages();
        long given = 0;
        for (int n = 0; n < nodeCount() && totalFree > 0; n++) {
            long share = (long) ((double) want * free[n] / totalFree);
            share = Math.min(share, free[n]);
            take(pressure, n, share);
            given += share;
        }
        for (int n = 0; n < nodeCount() && given < want; n++) {
            long share = Math.min(want - given, free[n]);
            take(pressure, n, share);
            given += share;
        }
        return pressurePages();
    }

    public long pressurePages() {
        return sum(pressure);
    }

    public long pressurePages(int node) {
        verifyNode(node);
        return pressure[node];
    }

    // ---- reservations (squeezed's reserve_memory: memory held for a domain yet to be built) ----

    /**
     * Holds {@code pages} of free memory for the reservation {@code key}, all or nothing: ENOMEM
     * (nothing changes) when fewer are free, EEXIST when the key already holds pages. The pages come
     * from the node with most free memory outward (nearest first), whatever the allocation policy,
     * so that a reservation never moves the round-robin cursor. Returns the pages held per node.
     */
    public long[] reserve(String key, long pages) {
        if (reserved.containsKey(key)) {
            throw XenException.of(Errno.EEXIST, "reservation " + key + " already holds memory");
        }
        if (pages < 0) {
            throw XenException.invalid("a reservation must not be negative");
        }
        if (pages > freePages()) {
            throw XenException.noMemory("the host has " + Pages.toKiB(freePages()) + " KiB free, the reservation needs "
                    + Pages.toKiB(pages) + " KiB");
        }
        long[] grant = new long[nodeCount()];
        nearest.grant(pages, suggestHomeNode(), free, grant);
        for (int n = 0; n < nodeCount(); n++) {
            free[n] -= grant[n];
        }
        noteFree();
        reserved.put(key, grant.clone());
        return grant;
    }

    /** Gives every page the reservation holds back to the free pool and forgets it; ENOENT if unknown. */
    public long[] unreserve(String key) {
        long[] held = reserved.remove(key);
        if (held == null) {
            throw XenException.notFound("no reservation " + key + " on the host");
        }
        for (int n = 0; n < nodeCount(); n++) {
            free[n] += held[n];
        }
        return held;
    }

    /**
     * Builds a domain from a reservation, all or nothing (xenopsd's build after squeezed's
     * {@code transfer_reservation_to_domain}): its {@code initialPages} come out of the reservation,
     * nearest to {@code homeNode} first, then — if the reservation is smaller — from free memory by
     * the allocation policy; what the reservation held beyond that goes back to the free pool and
     * the reservation is forgotten. ENOMEM (nothing changes) when reservation and free memory
     * together are short. Returns the domain's pages per node.
     */
    public long[] createDomainFromReservation(String key, int domid, int homeNode, long maxPages,
                                              long initialPages) {
        verifyNode(homeNode);
        long[] held = reserved.get(key);
        if (held == null) {
            throw XenException.notFound("no reservation " + key + " on the host");
        }
        if (accounts.containsKey(domid)) {
            throw XenException.of(Errno.EEXIST, "domain " + domid + " already has host memory");
        }
        if (initialPages > maxPages) {
            throw XenException.invalid("initial memory exceeds max_pages");
        }
        long heldTotal = sum(held);
        if (initialPages > heldTotal + freePages()) {
            throw XenException.noMemory("the reservation holds " + Pages.toKiB(heldTotal) + " KiB and the host has "
                    + Pages.toKiB(freePages()) + " KiB free, the domain needs " + Pages.toKiB(initialPages) + " KiB");
        }
        reserved.remove(key);
        Account account = new Account(homeNode, maxPages, nodeCount());
        register(domid, account);
        long[] fromReservation = new long[nodeCount()];
        nearest.grant(Math.min(initialPages, heldTotal), homeNode, held, fromReservation);
        long taken = 0;
        for (int n = 0; n < nodeCount(); n++) {
            held[n] -= fromReservation[n];
            account.owned[n] += fromReservation[n];
            free[n] += held[n];
            taken += fromReservation[n];
        }
        allocate(domid, initialPages - taken);
        return account.owned.clone();
    }

    /** The pages held for one reservation; ENOENT if unknown. */
    public long reservedPages(String key) {
        long[] held = reserved.get(key);
        if (held == null) {
            throw XenException.notFound("no reservation " + key + " on the host");
        }
        return sum(held);
    }

    /** Every page held for reservations. */
    public long reservedPages() {
        long total = 0;
        for (long[] held : reserved.values()) {
            total += sum(held);
        }
        return total;
    }

    public long reservedPages(int node) {
        verifyNode(node);
        long sum = 0;
        for (long[] held : reserved.values()) {
            sum += held[node];
        }
        return sum;
    }

    /** The keys of the reservations holding pages, in order. */
    public Set<String> reservations() {
        return new TreeSet<>(reserved.keySet());
    }

    // ---- figures ----

    public int nodeCount() {
        return nodeTotal.length;
    }

    public NumaTopology topology() {
        return topology;
    }

    public int distance(int from, int to) {
        return topology.distance(from, to);
    }

    public int[] distances(int from) {
        return topology.distances(from);
    }

    public long totalPages() {
        return sum(nodeTotal);
    }

    public long totalPages(int node) {
        return nodeTotal[node];
    }

    public long freePages() {
        return sum(free);
    }

    public long freePages(int node) {
        return free[node];
    }

    public long xenPages() {
        return sum(xen);
    }

    /** Xen's own pages on one node. */
    public long xenPages(int node) {
        verifyNode(node);
        return xen[node];
    }

    /** Pages tmem holds on one node, for every domain: O(domains). */
    public long nodeTmemPages(int node) {
        verifyNode(node);
        long sum = 0;
        for (Account a : accounts.values()) {
            sum += a.tmem[node];
        }
        return sum;
    }

    public AllocationPolicy policy() {
        return policy;
    }

    public void setPolicy(AllocationPolicy policy) {
        this.policy = policy;
    }

    /** free + domains + tmem + pressure + reservations + Xen = total, per node and overall; EIO if not. */
    public void verifyConservation() {
        for (int n = 0; n < nodeCount(); n++) {
            long sum = free[n] + xen[n] + pressure[n];
            for (long[] held : reserved.values()) {
                if (held[n] < 0) {
                    throw XenException.of(Errno.EIO, "negative reserved page count on node " + n);
                }
                sum += held[n];
            }
            for (Account a : accounts.values()) {
                sum += a.owned[n] + a.tmem[n];
                if (a.owned[n] < 0 || a.tmem[n] < 0) {
                    throw XenException.of(Errno.EIO, "negative page count on node " + n);
                }
            }
            if (sum != nodeTotal[n] || free[n] < 0) {
                throw XenException.of(Errno.EIO, "node " + n + " pages do not add up: "
                        + sum + " != " + nodeTotal[n]);
            }
        }
        for (Account a : accounts.values()) {
            if (a.ownedTotal() > a.maxPages) {
                throw XenException.of(Errno.EIO, "a domain owns more than its max_pages");
            }
        }
    }

    // ---- internals ----

    /** A per-node array's total (a loop: these run on every balloon batch and sample, and a stream allocates). */
    private static long sum(long[] perNode) {
        long sum = 0;
        for (long pages : perNode) {
            sum += pages;
        }
        return sum;
    }

    /**
     * Moves up to {@code pages} from {@code from} (a holder's pages per node) back to the free
     * pool, remote nodes first; records what each node got back in {@code back} when given, and
     * returns how many pages moved.
     */
    private long releaseRemoteFirst(long[] from, int home, long pages, long @Nullable [] back) {
        long asked = Math.max(0, pages);
        long left = asked;
        for (int n : topology.farthestFirst(home)) {
            long share = Math.min(left, from[n]);
            from[n] -= share;
            free[n] += share;
            if (back != null) {
                back[n] = share;
            }
            left -= share;
        }
        return asked - left;
    }

    private void take(long[] holder, int node, long pages) {
        free[node] -= pages;
        holder[node] += pages;
        noteFree();
    }

    /** After free memory shrank: the low-water mark follows. */
    private void noteFree() {
        long total = 0;
        for (long f : free) {
            total += f;
        }
        if (total < freeLowWater) {
            freeLowWater = total;
        }
    }

    /**
     * The fewest pages that were free at any moment since the last call (since the host was built,
     * for the first), and a fresh start from what is free now.
     */
    public long takeFreeLowWater() {
        long now = freePages();
        long low = Math.min(freeLowWater, now);
        freeLowWater = now;
        return low;
    }

    private void verifyNode(int node) {
        if (node < 0 || node >= nodeCount()) {
            throw XenException.invalid("no NUMA node " + node + " (the host has " + nodeCount() + ")");
        }
    }

    private Account account(int domid) {
        Account a = domid >= 0 && domid < byDomid.length ? byDomid[domid] : accounts.get(domid);
        if (a == null) {
            throw XenException.notFound("no domain " + domid + " on the host");
        }
        return a;
    }

    // ---- snapshots ----

    /** One domain's account as a snapshot keeps it. */
    public record AccountState(int domid, int homeNode, long maxPages, long[] owned, long[] tmem) {
    }

    /**
     * The pool as a snapshot keeps it: per node total, free, Xen's and pressure pages, the distance
     * matrix, the allocation policy and the round-robin cursor, every domain's account, and the
     * pages held for each toolstack reservation per node (by reservation id).
     */
    public record State(long[] nodeTotal, int[][] distances, long[] free, long[] xen, long[] pressure,
                        AllocationPolicy policy, int roundRobinCursor, List<AccountState> accounts,
                        Map<String, long[]> reserved) {
    }

    /** The pool now, copied (the caller holds the engine lock). */
    public State capture() {
        int nodes = nodeCount();
        int[][] distances = new int[nodes][];
        for (int n = 0; n < nodes; n++) {
            distances[n] = topology.distances(n);
        }
        List<AccountState> saved = new ArrayList<>();
        for (Map.Entry<Integer, Account> e : new TreeMap<>(accounts).entrySet()) {
            int domid = e.getKey();
            Account a = e.getValue();
            saved.add(new AccountState(domid, a.homeNode, a.maxPages, a.owned.clone(), a.tmem.clone()));
        }
        Map<String, long[]> held = new TreeMap<>();
        reserved.forEach((key, pages) -> held.put(key, pages.clone()));
        return new State(nodeTotal.clone(), distances, free.clone(), xen.clone(), pressure.clone(), policy,
                roundRobin.cursor(), saved, held);
    }

    /**
     * Checks {@code s} — the same node count everywhere, no negative count, homes on existing nodes,
     * owned within max_pages, and conservation per node — and builds the pool it describes without
     * touching this one. EINVAL naming what is wrong. Apply it with {@link #restore(Host)}.
     */
    public static Host prepare(State s) {
        int nodes = s.nodeTotal().length;
        if (nodes < 1 || nodes > 64) {
            throw XenException.invalid("host: nodes must be 1..64, the snapshot has " + nodes);
        }
        if (s.distances().length != nodes || s.free().length != nodes || s.xen().length != nodes
                || s.pressure().length != nodes) {
            throw XenException.invalid("host: every per-node array must have " + nodes + " entries");
        }
        Host h = new Host(s.nodeTotal(), s.distances(), 0, s.policy());
        for (int n = 0; n < nodes; n++) {
            if (s.nodeTotal()[n] < 0 || s.free()[n] < 0 || s.xen()[n] < 0 || s.pressure()[n] < 0) {
                throw XenException.invalid("host: a negative page count on node " + n);
            }
        }
        h.free = s.free().clone();
        h.xen = s.xen().clone();
        h.pressure = s.pressure().clone();
        if (s.roundRobinCursor() < 0 || s.roundRobinCursor() >= nodes) {
            throw XenException.invalid("host: round-robin cursor " + s.roundRobinCursor() + " is not a node");
        }
        h.roundRobin.setCursor(s.roundRobinCursor());
        for (AccountState a : s.accounts()) {
            if (a.homeNode() < 0 || a.homeNode() >= nodes) {
                throw XenException.invalid("host: domain " + a.domid() + " has home node " + a.homeNode()
                        + ", the host has " + nodes + " nodes (0.." + (nodes - 1) + ")");
            }
            if (a.owned().length != nodes || a.tmem().length != nodes) {
                throw XenException.invalid("host: domain " + a.domid() + " must have " + nodes + " per-node counts");
            }
            if (h.accounts.containsKey(a.domid())) {
                throw XenException.invalid("host: domain " + a.domid() + " has two accounts");
            }
            Account account = new Account(a.homeNode(), a.maxPages(), nodes);
            System.arraycopy(a.owned(), 0, account.owned, 0, nodes);
            System.arraycopy(a.tmem(), 0, account.tmem, 0, nodes);
            h.register(a.domid(), account);
        }
        for (Map.Entry<String, long[]> r : s.reserved().entrySet()) {
            if (r.getValue().length != nodes) {
                throw XenException.invalid("host: reservation " + r.getKey() + " must have " + nodes
                        + " per-node counts");
            }
            h.reserved.put(r.getKey(), r.getValue().clone());
        }
        try {
            h.verifyConservation();
        } catch (XenException e) {
            throw XenException.invalid("host: " + e.getMessage());
        }
        return h;
    }

    /** Restore: this pool becomes {@code prepared} (from {@link #prepare}), in place. */
    public void restore(Host prepared) {
        this.topology = prepared.topology;
        this.nodeTotal = prepared.nodeTotal;
        this.free = prepared.free;
        this.xen = prepared.xen;
        this.pressure = prepared.pressure;
        this.tmemGrant = prepared.tmemGrant;
        this.nearest = prepared.nearest;
        this.roundRobin = prepared.roundRobin;
        this.policy = prepared.policy;
        this.accounts.clear();
        this.accounts.putAll(prepared.accounts);
        this.byDomid = prepared.byDomid;
        this.reserved.clear();
        this.reserved.putAll(prepared.reserved);
    }
}
