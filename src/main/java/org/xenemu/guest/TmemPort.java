package org.xenemu.guest;

/**
 * The hypervisor's tmem as one guest's frontswap sees it (docs/memory.md "Host"): a put takes host
 * free pages into tmem for the domain, as far as the host has them; a release gives them back. The
 * toolstack binds it to the domain's account on the host, so host conservation holds.
 */
public interface TmemPort {
    /** Asks the host to keep up to {@code pages} in tmem for this guest; returns how many it took. */
    long put(long pages);

    /** Gives {@code pages} of this guest's tmem back to the host. */
    void release(long pages);
}
