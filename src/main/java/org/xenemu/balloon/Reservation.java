package org.xenemu.balloon;

/**
 * The hypervisor side of a balloon driver: Xen's increase/decrease_reservation for one domain.
 * Both answer the pages moved per NUMA node; an increase may grant fewer than asked.
 */
public interface Reservation {
    long[] increase(long pages);

    long[] decrease(long pages);
}
