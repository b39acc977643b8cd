package org.xenemu.selfballoon;

/**
 * A guest for engine tests: the boot figures of docs/memory.md "Guest kernel state" (kernel_static = 2048 + max_pfn/64,
 * totalram = current − kernel_static) and a balloon that reaches any target at once, capped at
 * max_pfn (the real driver moves 512 pages per step but loops within the same tick while it
 * succeeds). Frontswap shrink brings pages back as far as {@code freePages} allows.
 */
public final class FakeGuest implements SelfballoonGuest {
    public final int domid;
    public final long maxPfn;
    public long currentPages;
    public long committedAsPages;
    public long totalreservePages;
    public long frontswapPages;
    public long freePages = Long.MAX_VALUE;
    public boolean tmem = true;
    public boolean dom0;
    public long lastTarget = -1;
    public int targetsSet;
    /** Thrown by the next {@link #setBalloonTarget} / {@link #frontswapShrink} call, then cleared. */
    public RuntimeException failTarget;
    public RuntimeException failShrink;

    public FakeGuest(int domid, long maxPfn, long currentPages, long totalreservePages) {
        this.domid = domid;
        this.maxPfn = maxPfn;
        this.currentPages = currentPages;
        this.totalreservePages = totalreservePages;
    }

    /** A 1 GiB PV guest: max_pfn = current = 262144, totalram 256000, totalreserve 1516. */
    public static FakeGuest oneGib(int domid) {
        return new FakeGuest(domid, 262_144, 262_144, 1516);
    }

    long kernelStaticPages() {
        return 2048 + maxPfn * 64 / 4096;
    }

    @Override public int domid() { return domid; }
    @Override public boolean isDom0() { return dom0; }
    @Override public boolean tmemEnabled() { return tmem; }
    @Override public long totalramPages() { return currentPages - kernelStaticPages(); }
    @Override public long committedAsPages() { return committedAsPages; }
    @Override public long totalreservePages() { return totalreservePages; }
    @Override public long maxPfn() { return maxPfn; }
    @Override public long currentPages() { return currentPages; }
    @Override public long frontswapPages() { return frontswapPages; }

    @Override
    public void setBalloonTarget(long targetPages) {
        if (failTarget != null) {
            RuntimeException e = failTarget;
            failTarget = null;
            throw e;
        }
        lastTarget = targetPages;
        targetsSet++;
        currentPages = Math.min(targetPages, maxPfn);
    }

    @Override
    public long frontswapShrink(long targetPages) {
        if (failShrink != null) {
            RuntimeException e = failShrink;
            failShrink = null;
            throw e;
        }
        long moved = Math.min(Math.max(0, frontswapPages - targetPages), freePages);
        frontswapPages -= moved;
        freePages -= moved;
        return frontswapPages;
    }
}
