package org.xenemu.dashboard;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * The host at one instant of virtual time, as the {@link HostSampler} took it: per NUMA node, the
 * memory by owner (KiB), and per domain its target, current (owned, per node) and Committed_AS
 * (KiB). Immutable once made; the arrays are never handed out. A sample of a host with D domains
 * on N nodes is {@code 7N + 2 + (5 + N)·D} longs.
 */
public final class Sample {
    /** The per-node figures, in this order, {@link #NODE_FIELDS} per node. */
    static final int TOTAL = 0;
    static final int XEN = 1;
    static final int DOMAINS = 2;
    static final int TMEM = 3;
    static final int PRESSURE = 4;
    static final int RESERVED = 5;
    static final int FREE = 6;
    static final int NODE_FIELDS = 7;

    /** The per-domain figures: these five, then what it owns on each node. */
    static final int TARGET = 0;
    static final int COMMITTED_AS = 1;
    static final int MEM_FREE = 2;
    /** 1 when squeezed gave up on the domain in its current or latest run, else 0. */
    static final int STUCK = 3;
    /** 1 while squeezed flags the domain {@code memory/uncooperative}, else 0. */
    static final int UNCOOPERATIVE = 4;
    static final int DOMAIN_FIXED_FIELDS = 5;

    private final long jiffies;
    private final int nodes;
    private final long[] node;
    private final int[] domids;
    private final String[] names;
    private final long[] domain;
    private final double gamma;
    private final long reclaimedKiB;
    private final long reclaimedMaxKiB;

    Sample(long jiffies, int nodes, long[] node, int[] domids, String[] names, long[] domain, double gamma) {
        this(jiffies, nodes, node, domids, names, domain, gamma, 0, 0);
    }

    Sample(long jiffies, int nodes, long[] node, int[] domids, String[] names, long[] domain, double gamma,
           long reclaimedKiB, long reclaimedMaxKiB) {
        this.reclaimedKiB = reclaimedKiB;
        this.reclaimedMaxKiB = reclaimedMaxKiB;
        this.jiffies = jiffies;
        this.nodes = nodes;
        this.node = node;
        this.domids = domids;
        this.names = names;
        this.domain = domain;
        this.gamma = gamma;
    }

    public long jiffies() {
        return jiffies;
    }

    public int nodeCount() {
        return nodes;
    }

    public int domainCount() {
        return domids.length;
    }

    long node(int n, int field) {
        return node[n * NODE_FIELDS + field];
    }

    /** A per-node figure summed over the nodes. */
    long host(int field) {
        long sum = 0;
        for (int n = 0; n < nodes; n++) {
            sum += node[n * NODE_FIELDS + field];
        }
        return sum;
    }

    public long totalKiB() {
        return host(TOTAL);
    }

    public long xenKiB() {
        return host(XEN);
    }

    /** What every domain owns, dom0 included. */
    public long domainsKiB() {
        return host(DOMAINS);
    }

    public long tmemKiB() {
        return host(TMEM);
    }

    public long pressureKiB() {
        return host(PRESSURE);
    }

    public long reservedKiB() {
        return host(RESERVED);
    }

    public long freeKiB() {
        return host(FREE);
    }

    /** The balancer's γ at this sample, if it had one. */
    public OptionalDouble gamma() {
        return Double.isNaN(gamma) ? OptionalDouble.empty() : OptionalDouble.of(gamma);
    }

    double rawGamma() {
        return gamma;
    }

    /** rrdp-squeezed's {@code memory_reclaimed}: Σ(dynamic-max − target) over the guests with both keys. */
    public long reclaimedKiB() {
        return reclaimedKiB;
    }

    /** rrdp-squeezed's {@code memory_reclaimed_max}: Σ(target − dynamic-min) over the guests with both keys. */
    public long reclaimedMaxKiB() {
        return reclaimedMaxKiB;
    }

    int domid(int i) {
        return domids[i];
    }

    String name(int i) {
        return names[i];
    }

    private int stride() {
        return DOMAIN_FIXED_FIELDS + nodes;
    }

    long domain(int i, int field) {
        return domain[i * stride() + field];
    }

    long targetKiB(int i) {
        return domain(i, TARGET);
    }

    long committedAsKiB(int i) {
        return domain(i, COMMITTED_AS);
    }

    long memFreeKiB(int i) {
        return domain(i, MEM_FREE);
    }

    boolean stuck(int i) {
        return domain(i, STUCK) != 0;
    }

    boolean uncooperative(int i) {
        return domain(i, UNCOOPERATIVE) != 0;
    }

    long ownedKiB(int i, int n) {
        return domain[i * stride() + DOMAIN_FIXED_FIELDS + n];
    }

    /** What domain {@code i} owns on every node: its current memory. */
    long currentKiB(int i) {
        long sum = 0;
        int base = i * stride() + DOMAIN_FIXED_FIELDS;
        for (int n = 0; n < nodes; n++) {
            sum += domain[base + n];
        }
        return sum;
    }

    /** The index of {@code domid} in this sample, or −1 (domids are in ascending order). */
    int indexOf(int domid) {
        int i = Arrays.binarySearch(domids, domid);
        return i >= 0 ? i : -1;
    }
}
