package org.xenemu.selfballoon;

/**
 * What the selfballoon worker needs from one guest: the kernel counters it reads, the balloon
 * driver's {@code balloon_set_new_target}, and {@code frontswap_shrink}. The engine is written
 * against this port so that it can be tested alone; {@link DomainSelfballoonGuest} adapts a real
 * domain. Called only under the engine lock.
 */
public interface SelfballoonGuest {
    int domid();

    /** dom0: the driver refuses to start ({@code xen_initial_domain()}). */
    boolean isDom0();

    /** tmem (and so frontswap) is enabled for this guest: {@code tmem_enabled} and {@code frontswap_enabled}. */
    boolean tmemEnabled();

    long totalramPages();

    long committedAsPages();

    long totalreservePages();

    long maxPfn();

    /** {@code balloon_stats.current_pages}. */
    long currentPages();

    /** {@code frontswap_curr_pages()}. */
    long frontswapPages();

    /** {@code balloon_set_new_target(pages)}: a sysfs-style target (no HVM offset) that wakes the balloon. */
    void setBalloonTarget(long targetPages);

    /**
     * {@code frontswap_shrink(targetPages)}: a partial swapoff bringing frontswap pages back from
     * the host's tmem into guest RAM, as far as guest memory allows. Returns the frontswap page
     * count afterwards.
     */
    long frontswapShrink(long targetPages);

    /** The inputs of one policy run, read now. */
    default SelfballoonPolicy.Inputs readInputs() {
        return new SelfballoonPolicy.Inputs(totalramPages(), committedAsPages(), totalreservePages(), maxPfn(),
                currentPages(), frontswapPages(), tmemEnabled());
    }
}
