package org.xenemu.balloon;

/**
 * The hypervisor side of a balloon driver: Xen's increase/decrease_reservation for one domain.
 * Both answer the pages moved, and write them per NUMA node into {@code perNode} (one slot per
 * node, {@link #nodes()} of them, overwritten); an increase may grant fewer than asked. The caller
 * owns {@code perNode} and reuses it: a balloon step moves pages millions of times a scenario.
 */
public interface Reservation {
    /** The host's NUMA nodes: the length {@code perNode} must have. */
    int nodes();

    long increase(long pages, long[] perNode);

    long decrease(long pages, long[] perNode);
}
