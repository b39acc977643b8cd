package org.xenemu.selfballoon;

/**
 * One selfballoon decision, the body of the seed's {@code selfballoon_process} when
 * selfballooning is on (seed 002; docs/memory.md "Selfballoon"). A pure function of the guest's
 * counters and the tunables.
 *
 * <p>Arithmetic is the seed's, to the page: {@code unsigned long} page counts (two's complement
 * {@code long}s compared and divided unsigned), {@code MB2PAGES} of a tunable done in the tunable's
 * 32-bit {@code unsigned int} (so {@code reserved_mb ≥ 2^24} wraps, as in C), the floor's halving
 * and eighths as logical shifts, the comparisons in the seed's order. A hysteresis of 0 (only
 * reachable by writing 2^32, which the store's 64-bit "not 0" check lets through) divides by zero:
 * the kernel oopses in its worker, and here {@link ArithmeticException} escapes for the engine to
 * treat the same way.
 *
 * <p>Worked example (defaults, a 1 GiB PV guest as docs/memory.md "Guest kernel state" boots
 * it): max_pfn 262144, current 262144, totalram 262144 − 6144 = 256000, totalreserve 1516, reserved_mb PAGES2MB(25600) = 100,
 * Committed_AS 50000. goal = 50000 + 1516 + 100·256 = 77116; cur > goal → tgt = 256000 −
 * (256000 − 77116)/8 = 256000 − 22360 = 233640; useful = 260628 ≥ 512 MB → floor = 1516 + 25344
 * + (260628 − 25344)/32 = 26860 + 7352 = 34212; tgt stays 233640; balloon target = 233640 +
 * 262144 − 256000 = 239784 pages.
 */
public final class SelfballoonPolicy {
    /** {@code MB2PAGES(1)} with 4 KiB pages: {@code 1 << (20 − PAGE_SHIFT)}. */
    static final int PAGES_PER_MB_SHIFT = 8;

    private SelfballoonPolicy() {
    }

    /**
     * What the guest kernel shows the worker at one run.
     *
     * @param totalramPages     {@code totalram_pages} (MemTotal in pages)
     * @param committedAsPages  {@code vm_memory_committed()} (Committed_AS in pages)
     * @param totalreservePages {@code totalreserve_pages}
     * @param maxPfn            {@code max_pfn}
     * @param currentPages      {@code balloon_stats.current_pages}
     * @param frontswapPages    {@code frontswap_curr_pages()}
     * @param frontswapEnabled  {@code frontswap_enabled}: a frontswap backend (tmem) is registered
     */
    public record Inputs(long totalramPages, long committedAsPages, long totalreservePages, long maxPfn,
                         long currentPages, long frontswapPages, boolean frontswapEnabled) {
    }

    /** The numbers of one decision; {@code newTargetPages} is what goes to {@code balloon_set_new_target}. */
    public record Decision(long curPages, long goalPages, long floorPages, long tgtPages, long newTargetPages) {
    }

    /** {@code MB2PAGES} of an {@code unsigned int} tunable: the shift happens in 32 bits. */
    static long mbToPagesU32(int mb) {
        return Integer.toUnsignedLong(mb << PAGES_PER_MB_SHIFT);
    }

    /** {@code MB2PAGES} of a small constant (an {@code int} literal in the seed; no wrap possible). */
    private static long mb(int megabytes) {
        return (long) megabytes << PAGES_PER_MB_SHIFT;
    }

    public static Decision process(Inputs in, SelfballoonTunables t) {
        long cur = in.totalramPages();
        long tgt = cur; // default is no change
        long goal = in.committedAsPages() + in.totalreservePages()
                + mbToPagesU32(t.raw(Tunable.SELFBALLOON_RESERVED_MB));
        // room for frontswap pages to be repatriated
        if (t.frontswapSelfshrinking() && in.frontswapEnabled()) {
            goal += in.frontswapPages();
        }
        int cmp = Long.compareUnsigned(cur, goal);
        if (cmp > 0) {
            tgt = cur - Long.divideUnsigned(cur - goal, t.unsigned(Tunable.SELFBALLOON_DOWNHYSTERESIS));
        } else if (cmp < 0) {
            tgt = cur + Long.divideUnsigned(goal - cur, t.unsigned(Tunable.SELFBALLOON_UPHYSTERESIS));
        }
        long reserve = in.totalreservePages();
        long useful = in.maxPfn() - reserve;
        long floor;
        int minUsableMb = t.raw(Tunable.SELFBALLOON_MIN_USABLE_MB);
        if (minUsableMb != 0) {
            floor = reserve + mbToPagesU32(minUsableMb);
        } else if (Long.compareUnsigned(useful, mb(16)) < 0) {
            floor = in.maxPfn(); // not worth ballooning
        } else if (Long.compareUnsigned(useful, mb(64)) < 0) {
            floor = reserve + mb(16) + ((useful - mb(16)) >>> 1);
        } else if (Long.compareUnsigned(useful, mb(512)) < 0) {
            floor = reserve + mb(40) + ((useful - mb(40)) >>> 3);
        } else {
            floor = reserve + mb(99) + ((useful - mb(99)) >>> 5);
        }
        if (Long.compareUnsigned(tgt, floor) < 0) {
            tgt = floor;
        }
        long newTarget = tgt + in.currentPages() - in.totalramPages();
        return new Decision(cur, goal, floor, tgt, newTarget);
    }
}
