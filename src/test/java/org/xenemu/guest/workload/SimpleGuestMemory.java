package org.xenemu.guest.workload;

/**
 * A stand-alone {@link GuestMemory}: fixed totalram and slab, a swap device, and a host tmem
 * budget ({@code hostFreePages}) that frontswap draws from. Used by tests and benchmarks that
 * exercise the workload without a host.
 */
public final class SimpleGuestMemory implements GuestMemory {
    private long totalramPages;
    private final long slabPages;
    private long anonPages;
    private long filePages;
    private final long swapTotalPages;
    private long deviceSwapPages;
    private long frontswapPages;
    private final boolean tmem;
    private long hostFreePages;

    public SimpleGuestMemory(long totalramPages, long slabPages, long swapTotalPages, boolean tmem, long hostFreePages) {
        this.totalramPages = totalramPages;
        this.slabPages = slabPages;
        this.swapTotalPages = swapTotalPages;
        this.tmem = tmem;
        this.hostFreePages = hostFreePages;
    }

    public long hostFreePages() {
        return hostFreePages;
    }

    public void setHostFreePages(long pages) {
        hostFreePages = pages;
    }

    /** A balloon step as GuestKernel does it: never more than free memory allows. */
    public void setTotalramPages(long pages) {
        totalramPages = pages;
    }

    @Override public long totalramPages() { return totalramPages; }
    @Override public long slabPages() { return slabPages; }
    @Override public long anonPages() { return anonPages; }
    @Override public long filePages() { return filePages; }
    @Override public void addAnon(long deltaPages) { anonPages += deltaPages; }
    @Override public void addFile(long deltaPages) { filePages += deltaPages; }
    @Override public long swapTotalPages() { return swapTotalPages; }
    @Override public long swapUsedPages() { return deviceSwapPages + frontswapPages; }
    @Override public long deviceSwapPages() { return deviceSwapPages; }
    @Override public void addDeviceSwap(long deltaPages) { deviceSwapPages += deltaPages; }
    @Override public long frontswapPages() { return frontswapPages; }
    @Override public boolean tmemEnabled() { return tmem; }

    @Override
    public long frontswapPut(long pages) {
        long granted = Math.min(pages, hostFreePages);
        hostFreePages -= granted;
        frontswapPages += granted;
        return granted;
    }

    @Override
    public void frontswapRelease(long pages) {
        frontswapPages -= pages;
        hostFreePages += pages;
    }
}
