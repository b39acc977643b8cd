package org.xenemu.selfballoon;

/**
 * Frontswap self-shrinking, the seed's {@code frontswap_selfshrink()} (seed 002; 
 * docs/memory.md "Selfballoon"): one domain's remembered counts and inertia countdown. Each worker run while
 * self-shrinking is on:
 * <ol>
 * <li>last := cur; cur := frontswap pages now;</li>
 * <li>cur is 0 or grew (cur &gt; last) → countdown := inertia, nothing to do;</li>
 * <li>else, if the countdown is non-zero, decrement it and stop unless it reached 0 (a countdown
 *     already at 0 does not stop);</li>
 * <li>target := 0 if cur ≤ hysteresis, else cur − cur / hysteresis; shrink frontswap to target.</li>
 * </ol>
 * Example with defaults (inertia 3, hysteresis 20), counts 100, 100, 100, 100: run 1 sees growth
 * from 0 → countdown 3; run 2 → 2; run 3 → 1; run 4 → 0, shrink to 100 − 5 = 95.
 *
 * <p>The seed (2013/14, the 10 % reserve fix) leaves the countdown at 0 after a shrink, so while
 * the count keeps falling or stays put, every later run shrinks again. The final upstream version
 * (2019, before tmem's removal) resets the countdown to inertia after each shrink; that is
 * {@code resetAfterShrink = true} (property {@code xenemu.selfballoon.frontswap-reset-inertia-after-shrink}).
 * A hysteresis of 0 (reachable only by writing 2^32) divides by zero, as in C.
 */
public final class FrontswapSelfshrink {
    private final boolean resetAfterShrink;
    private long curFrontswapPages;
    private long lastFrontswapPages;
    private long tgtFrontswapPages;
    private long inertiaCounter;

    public FrontswapSelfshrink(boolean resetAfterShrink) {
        this.resetAfterShrink = resetAfterShrink;
    }

    /** What a snapshot keeps: the variant, the remembered counts, the last target and the countdown. */
    public record State(boolean resetAfterShrink, long curFrontswapPages, long lastFrontswapPages,
                        long tgtFrontswapPages, long inertiaCounter) {
    }

    /** As it was saved. */
    public FrontswapSelfshrink(State s) {
        this.resetAfterShrink = s.resetAfterShrink();
        this.curFrontswapPages = s.curFrontswapPages();
        this.lastFrontswapPages = s.lastFrontswapPages();
        this.tgtFrontswapPages = s.tgtFrontswapPages();
        this.inertiaCounter = s.inertiaCounter();
    }

    public State capture() {
        return new State(resetAfterShrink, curFrontswapPages, lastFrontswapPages, tgtFrontswapPages, inertiaCounter);
    }

    /**
     * One run: observes the current frontswap page count and answers whether this run shrinks;
     * if it does, {@link #tgtFrontswapPages()} is the target to shrink frontswap to. (A flag and a
     * field rather than an {@code OptionalLong}: this runs on every selfballoon decision.)
     */
    public boolean observe(long frontswapPagesNow, SelfballoonTunables t) {
        lastFrontswapPages = curFrontswapPages;
        curFrontswapPages = frontswapPagesNow;
        if (curFrontswapPages == 0 || Long.compareUnsigned(curFrontswapPages, lastFrontswapPages) > 0) {
            inertiaCounter = t.unsigned(Tunable.FRONTSWAP_INERTIA);
            return false;
        }
        if (inertiaCounter != 0 && --inertiaCounter != 0) {
            return false;
        }
        long hysteresis = t.unsigned(Tunable.FRONTSWAP_HYSTERESIS);
        if (Long.compareUnsigned(curFrontswapPages, hysteresis) <= 0) {
            tgtFrontswapPages = 0;
        } else {
            tgtFrontswapPages = curFrontswapPages - Long.divideUnsigned(curFrontswapPages, hysteresis);
        }
        if (resetAfterShrink) {
            inertiaCounter = t.unsigned(Tunable.FRONTSWAP_INERTIA);
        }
        return true;
    }

    /** The {@code frontswap_inertia} store also sets the countdown to the new value. */
    public void resetCountdown(SelfballoonTunables t) {
        inertiaCounter = t.unsigned(Tunable.FRONTSWAP_INERTIA);
    }

    public long inertiaCounter() {
        return inertiaCounter;
    }

    public long lastFrontswapPages() {
        return lastFrontswapPages;
    }

    public long curFrontswapPages() {
        return curFrontswapPages;
    }

    public long tgtFrontswapPages() {
        return tgtFrontswapPages;
    }

    public boolean resetsAfterShrink() {
        return resetAfterShrink;
    }
}
