package org.xenemu.guest.workload;

/**
 * The guest kernel's page counters as the workload sees them (docs/memory.md "Guest kernel state"):
 * {@code free = totalram − slab − anon − file}. Swap slots are shared by the swap device and
 * frontswap: as in Linux, frontswap is a front end of the swap device (a page stored in tmem
 * still holds a swap slot), so {@code swapUsedPages} counts both.
 */
public interface GuestMemory {
    long totalramPages();

    long slabPages();

    long anonPages();

    long filePages();

    default long freePages() {
        return totalramPages() - slabPages() - anonPages() - filePages();
    }

    void addAnon(long deltaPages);

    void addFile(long deltaPages);

    /** Size of the swap device ({@code SwapTotal}). */
    long swapTotalPages();

    /** Swap slots in use: pages written to the device plus pages held in frontswap. */
    long swapUsedPages();

    /** Pages written to the swap device (not frontswap). */
    long deviceSwapPages();

    void addDeviceSwap(long deltaPages);

    /** Pages of this guest held in host tmem by frontswap. */
    long frontswapPages();

    boolean tmemEnabled();

    /** Asks the host to keep up to {@code pages} in tmem for this guest; returns how many it took. */
    long frontswapPut(long pages);

    /** Drops {@code pages} from this guest's tmem (swap-in or invalidation); the host gets them back. */
    void frontswapRelease(long pages);
}
