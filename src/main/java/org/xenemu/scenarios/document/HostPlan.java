package org.xenemu.scenarios.document;

/**
 * The private host a variant runs on (the document's {@code host}; defaults as the service's
 * {@code xenemu.host.*} properties): sizes in KiB, equal-sized NUMA nodes.
 *
 * @param allocationPolicy {@code nearest} or {@code round-robin}
 */
public record HostPlan(long memoryKiB, int nodes, long xenKiB, long dom0KiB, String allocationPolicy,
                       BalancerPlan balancer) {
    public static final long DEFAULT_MEMORY_KIB = 16_777_216;
    public static final int DEFAULT_NODES = 2;
    public static final long DEFAULT_XEN_KIB = 131_072;
    public static final long DEFAULT_DOM0_KIB = 1_048_576;
    public static final String DEFAULT_ALLOCATION_POLICY = "nearest";
}
