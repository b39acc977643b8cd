package org.xenemu.host;

/**
 * An allocation policy: which nodes a domain's new pages come from. It only decides; the host
 * books the grant. Partial grants are normal (Xen's populate_physmap may grant fewer pages than
 * asked, seed 000).
 */
interface Allocator {
    /**
     * The pages to take from each node for a request of {@code pages} (≥ 0) by a domain whose home
     * is {@code home}, never more than {@code free[n]} from node {@code n}, written into
     * {@code grant} (one slot per node, overwritten); returns their sum. {@code free} is read only.
     * The caller owns {@code grant}: a balloon step asks for pages millions of times a scenario, and
     * an array per request was the engines' largest allocation.
     */
    long grant(long pages, int home, long[] free, long[] grant);
}
