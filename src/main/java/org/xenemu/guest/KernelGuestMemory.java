package org.xenemu.guest;

import org.xenemu.guest.kernel.GuestKernel;
import org.xenemu.guest.workload.GuestMemory;

/**
 * {@link GuestMemory} over a domain's {@link GuestKernel} counters and the host's tmem (through
 * {@link TmemPort}): a frontswap put takes host free pages into tmem for the domain, a release
 * gives them back, so host conservation holds (docs/memory.md "Host").
 */
final class KernelGuestMemory implements GuestMemory {
    private final GuestKernel kernel;
    private final TmemPort tmem;

    KernelGuestMemory(GuestKernel kernel, TmemPort tmem) {
        this.kernel = kernel;
        this.tmem = tmem;
    }

    @Override public long totalramPages() { return kernel.totalramPages(); }
    @Override public long slabPages() { return kernel.slabPages(); }
    @Override public long anonPages() { return kernel.anonPages(); }
    @Override public long filePages() { return kernel.filePages(); }
    @Override public long freePages() { return kernel.freePages(); }
    @Override public void addAnon(long deltaPages) { kernel.setAnonPages(kernel.anonPages() + deltaPages); }
    @Override public void addFile(long deltaPages) { kernel.setFilePages(kernel.filePages() + deltaPages); }
    @Override public long swapTotalPages() { return kernel.swapTotalPages(); }
    @Override public long swapUsedPages() { return kernel.swapUsedPages() + kernel.frontswapPages(); }
    @Override public long deviceSwapPages() { return kernel.swapUsedPages(); }
    @Override public void addDeviceSwap(long deltaPages) { kernel.setSwapUsedPages(kernel.swapUsedPages() + deltaPages); }
    @Override public long frontswapPages() { return kernel.frontswapPages(); }
    @Override public boolean tmemEnabled() { return kernel.tmemEnabled(); }

    @Override
    public long frontswapPut(long pages) {
        long granted = tmem.put(pages);
        kernel.setFrontswapPages(kernel.frontswapPages() + granted);
        return granted;
    }

    @Override
    public void frontswapRelease(long pages) {
        if (pages <= 0) {
            return;
        }
        tmem.release(pages);
        kernel.setFrontswapPages(kernel.frontswapPages() - pages);
    }
}
