package org.xenemu.scenarios.workload;

/**
 * One workload's memory in use over virtual time: piecewise constant, right-continuous (a change at
 * {@code t} is already visible at {@code t}).
 *
 * <p>A curve may keep a cursor so that queries at increasing times cost O(1) amortised; a query at
 * an earlier time than the previous one replays from the start (still exact, only slower). Not
 * thread-safe: one runner thread owns a domain's curves.
 */
public interface WorkloadCurve {
    /** "Never changes again": the value of {@link #nextChangeAfter} for a curve that stays put. */
    long NEVER = Long.MAX_VALUE;

    /** Memory in use at virtual time {@code tNanos} (≥ 0), in KiB; never negative. */
    long kibAt(long tNanos);

    /**
     * The earliest virtual time strictly after {@code tNanos} at which {@link #kibAt} may differ
     * from its value at {@code tNanos}, or {@link #NEVER}. A change point where the value happens
     * to stay the same is allowed (a random walk clamped at 0, two spikes ending and starting at
     * once); a change without a change point is not.
     */
    long nextChangeAfter(long tNanos);
}
