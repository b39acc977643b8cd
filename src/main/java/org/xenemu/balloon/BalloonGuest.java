package org.xenemu.balloon;

/**
 * What the balloon driver needs from its guest's kernel (Linux {@code balloon_stats} and the page
 * allocator as drivers/xen/balloon.c uses them): how many pages the guest has and may have, and
 * moving pages between the guest and the balloon. The driver is written against this port so
 * that it never names the guest's classes; the toolstack binds it to the domain's kernel.
 * Called under the engine lock only.
 */
public interface BalloonGuest {
    /** {@code balloon_stats.current_pages}: the pages the guest owns now. */
    long currentPages();

    /** {@code max_pfn}: the guest's whole RAM, what it booted with room for. */
    long maxPfn();

    /**
     * Takes up to {@code maxPages} out of the guest for the balloon, as far as the guest can spare
     * them (never more than MemAvailable, XSA-300); returns how many it took.
     */
    long takeForBalloon(long maxPages);

    /** {@code pages} (≥ 0) came back from the hypervisor: the guest has them again, as free memory. */
    void returnFromBalloon(long pages);
}
