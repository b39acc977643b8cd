package org.xenemu.guest.kernel;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xenemu.error.XenException;
import org.xenemu.units.Pages;

/**
 * One domain's guest kernel memory state (docs/memory.md "Guest kernel state"), in 4 KiB pages.
 * Plain Java, not thread-safe: every reader and writer holds the scheduler's engine lock.
 *
 * <p>{@code free} is derived ({@code totalram − slab − anon − file}), so moving pages in or out
 * of the balloon only changes {@link #currentPages()}. The balloon driver uses
 * {@link #takeForBalloon(long)} / {@link #returnFromBalloon(long)}; the guest engines (workload,
 * reclaim, overcommit) own {@code anon}, {@code file}, swap and {@code Committed_AS} once
 * {@linkplain #setEngines attached}. Other engines keep their per-domain state in their own facade,
 * not here.
 */
public class GuestKernel {
    private static final Logger log = LoggerFactory.getLogger(GuestKernel.class);
    /** The kernel image, 8 MiB, part of kernel_static_pages. */
    public static final long KERNEL_IMAGE_PAGES = 2048;
    /** Smallest MemTotal a domain may boot with: 4 MiB. */
    public static final long MIN_TOTALRAM_PAGES = 1024;

    private final int domid;
    private final boolean dom0;
    private final long maxPfn;
    private final long kernelStaticPages;
    private final KernelConfig config;
    /** {@code config.tmem()}, read by every selfballoon run: kept here to spare a visit to the config. */
    private final boolean tmem;
    private long currentPages;
    private long totalreservePages;
    private long slabPages;
    private long anonPages;
    private long filePages;
    private long swapTotalPages;
    private long swapUsedPages;
    private long frontswapPages;
    private long committedAsPages;
    private int overcommitMemory;
    private int overcommitRatio;
    /** The guest engines that own page cache, frontswap and Committed_AS once attached (guest workload). */
    private @Nullable Engines engines;

    /**
     * What the guest workload engine supplies to the kernel state once it is attached: it owns the
     * page cache (so the balloon's cache pages come out of real mappings), the frontswap pages and
     * Committed_AS, and wants to hear when MemTotal moves.
     */
    public interface Engines {
        /** The balloon takes {@code pages} of page cache: drop them and lower {@code filePages}. */
        void dropCacheForBalloon(long pages);

        /** {@code frontswap_shrink}: bring frontswap pages back into RAM as far as free memory allows. */
        long frontswapShrink(long targetPages);

        long committedAsPages();

        /** MemTotal or MemFree may have moved (a balloon step). */
        void memoryChanged();
    }

    /** Boots a kernel owning {@code initialPages} of {@code maxPfn}; EINVAL if MemTotal would be below 4 MiB. */
    public GuestKernel(int domid, boolean dom0, long maxPfn, long initialPages, KernelConfig config) {
        this.domid = domid;
        this.dom0 = dom0;
        this.maxPfn = maxPfn;
        this.kernelStaticPages = kernelStaticPages(maxPfn);
        this.config = config;
        this.tmem = config.tmem();
        if (initialPages > maxPfn) {
            throw XenException.invalid("initial memory exceeds static-max");
        }
        this.currentPages = initialPages;
        if (totalramPages() < MIN_TOTALRAM_PAGES) {
            throw XenException.invalid("initial memory leaves less than 4 MiB of MemTotal (kernel needs "
                    + Pages.toKiB(kernelStaticPages) + " KiB)");
        }
        this.totalreservePages = config.totalreservePages() != KernelConfig.AUTO
                ? config.totalreservePages() : totalreserveFor(totalramPages());
        this.slabPages = config.slabKiB() != KernelConfig.AUTO
                ? Math.min(Pages.fromKiB(config.slabKiB()), totalramPages()) : totalramPages() / 64;
        this.swapTotalPages = Pages.fromKiB(config.swapKiB());
        this.overcommitMemory = config.overcommitMemory();
        this.overcommitRatio = config.overcommitRatio();
    }

    /** What a snapshot keeps of a kernel: every counter and sysctl copy, and what it booted with. */
    public record State(int domid, boolean dom0, long maxPfn, KernelConfig config, long currentPages,
                        long totalreservePages, long slabPages, long anonPages, long filePages, long swapTotalPages,
                        long swapUsedPages, long frontswapPages, long committedAsPages, int overcommitMemory,
                        int overcommitRatio) {
    }

    /** A kernel as it was saved; its engines are attached afterwards, as at creation. EINVAL for impossible counters. */
    public GuestKernel(State s) {
        this.domid = s.domid();
        this.dom0 = s.dom0();
        this.maxPfn = s.maxPfn();
        this.kernelStaticPages = kernelStaticPages(s.maxPfn());
        this.config = s.config();
        this.tmem = s.config().tmem();
        this.currentPages = s.currentPages();
        this.totalreservePages = s.totalreservePages();
        this.slabPages = s.slabPages();
        this.anonPages = s.anonPages();
        this.filePages = s.filePages();
        this.swapTotalPages = s.swapTotalPages();
        this.swapUsedPages = s.swapUsedPages();
        this.frontswapPages = s.frontswapPages();
        this.committedAsPages = s.committedAsPages();
        this.overcommitMemory = s.overcommitMemory();
        this.overcommitRatio = s.overcommitRatio();
        if (s.maxPfn() < 0 || s.currentPages() < 0 || s.currentPages() > s.maxPfn() || s.slabPages() < 0
                || s.anonPages() < 0 || s.filePages() < 0 || s.swapTotalPages() < 0 || s.swapUsedPages() < 0
                || s.frontswapPages() < 0 || s.totalreservePages() < 0) {
            throw XenException.invalid("kernel of domain " + s.domid() + ": a page count is negative or above max_pfn");
        }
    }

    /** The kernel now, for a snapshot (Committed_AS as this kernel holds it, not the engines' sum). */
    public State capture() {
        return new State(domid, dom0, maxPfn, config, currentPages, totalreservePages, slabPages, anonPages,
                filePages, swapTotalPages, swapUsedPages, frontswapPages, committedAsPages, overcommitMemory,
                overcommitRatio);
    }

    /** 2048 (kernel image) + max_pfn × 64 / 4096 (the page array). */
    public static long kernelStaticPages(long maxPfn) {
        return KERNEL_IMAGE_PAGES + Pages.fromBytes(maxPfn * 64);
    }

    /** min_free_kbytes = clamp(⌊√(MemTotal_kB × 16)⌋, 128, 262144); /4 → pages; ×3/2. */
    public static long totalreserveFor(long totalramPages) {
        long memTotalKiB = Pages.toKiB(totalramPages);
        long minFreeKbytes = (long) Math.floor(Math.sqrt((double) memTotalKiB * 16));
        // guard against the double rounding up at a perfect square's neighbour
        while (minFreeKbytes * minFreeKbytes > memTotalKiB * 16) {
            minFreeKbytes--;
        }
        minFreeKbytes = Math.max(128, Math.min(262144, minFreeKbytes));
        return Pages.fromKiB(minFreeKbytes) * 3 / 2;
    }

    // ---- the balloon's interface ----

    /**
     * Gives up to {@code maxPages} to the balloon: free pages first, then page cache, never more
     * than MemAvailable (XSA-300). Returns the pages taken; {@code currentPages} drops by that.
     */
    public long takeForBalloon(long maxPages) {
        long pages = Math.max(0, Math.min(maxPages, memAvailablePages()));
        long fromFree = Math.min(pages, freePages());
        long fromCache = pages - fromFree;
        if (engines != null && fromCache > 0) {
            engines.dropCacheForBalloon(fromCache);
        } else {
            filePages -= fromCache;
        }
        currentPages -= pages;
        memoryChanged();
        return pages;
    }

    /** Pages the balloon got back from the host: they arrive as free memory. */
    public void returnFromBalloon(long pages) {
        if (pages < 0) {
            throw new IllegalArgumentException("negative pages");
        }
        currentPages += pages;
        memoryChanged();
    }

    /**
     * Tells the guest engines that MemTotal moved. Called in the middle of a balloon step, after
     * {@code currentPages} moved and before the driver hands the pages to (or books them from) the
     * hypervisor: whatever a listener throws is logged and swallowed, so the step always completes
     * and the host and the guest keep counting the same pages.
     */
    private void memoryChanged() {
        if (engines == null) {
            return;
        }
        try {
            engines.memoryChanged();
        } catch (RuntimeException e) {
            log.warn("domain {}: a memory-change listener failed during a balloon step; the step goes on", domid, e);
        }
    }

    public void setEngines(@Nullable Engines engines) {
        this.engines = engines;
    }

    /**
     * {@code frontswap_shrink(targetPages)} (selfballoon's frontswap self-shrink): with the guest
     * workload attached, pages come back from host tmem into the processes that own them; without
     * it nothing can move. Returns the frontswap page count afterwards.
     */
    public long frontswapShrink(long targetPages) {
        return engines != null ? engines.frontswapShrink(targetPages) : frontswapPages;
    }

    // ---- derived figures ----

    public long totalramPages() {
        return currentPages - kernelStaticPages;
    }

    public long freePages() {
        return Math.max(0, totalramPages() - slabPages - anonPages - filePages);
    }

    public long memAvailablePages() {
        return Math.max(0, freePages() + filePages - totalreservePages);
    }

    // ---- plain state ----

    public int domid() {
        return domid;
    }

    public boolean isDom0() {
        return dom0;
    }

    public KernelConfig config() {
        return config;
    }

    public long maxPfn() {
        return maxPfn;
    }

    public long kernelStaticPages() {
        return kernelStaticPages;
    }

    public long currentPages() {
        return currentPages;
    }

    public long totalreservePages() {
        return totalreservePages;
    }

    public void setTotalreservePages(long pages) {
        this.totalreservePages = pages;
    }

    public long slabPages() {
        return slabPages;
    }

    public void setSlabPages(long pages) {
        this.slabPages = pages;
    }

    public long anonPages() {
        return anonPages;
    }

    public void setAnonPages(long pages) {
        this.anonPages = pages;
    }

    public long filePages() {
        return filePages;
    }

    public void setFilePages(long pages) {
        this.filePages = pages;
    }

    public long swapTotalPages() {
        return swapTotalPages;
    }

    public void setSwapTotalPages(long pages) {
        this.swapTotalPages = pages;
    }

    /** Pages written to the swap device; frontswap pages hold a swap slot too, so SwapFree = total − used − frontswap. */
    public long swapUsedPages() {
        return swapUsedPages;
    }

    public void setSwapUsedPages(long pages) {
        this.swapUsedPages = pages;
    }

    /** Pages this guest has in the host's tmem (frontswap); the host keeps the same count. */
    public long frontswapPages() {
        return frontswapPages;
    }

    public void setFrontswapPages(long pages) {
        this.frontswapPages = pages;
    }

    /** Committed_AS: the workload's exact sum of charges once attached. */
    public long committedAsPages() {
        return engines != null ? engines.committedAsPages() : committedAsPages;
    }

    public void setCommittedAsPages(long pages) {
        this.committedAsPages = pages;
    }

    public void addCommittedAsPages(long delta) {
        this.committedAsPages += delta;
    }

    public boolean tmemEnabled() {
        return tmem;
    }

    public boolean nommu() {
        return config.nommu();
    }

    public int overcommitMemory() {
        return overcommitMemory;
    }

    public void setOvercommitMemory(int mode) {
        this.overcommitMemory = mode;
    }

    public int overcommitRatio() {
        return overcommitRatio;
    }

    public void setOvercommitRatio(int ratio) {
        this.overcommitRatio = ratio;
    }
}
