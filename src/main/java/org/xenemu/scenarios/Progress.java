package org.xenemu.scenarios;

/**
 * A plan's progress: virtual time done over all variants (each variant counts for its duration),
 * and how many variants have finished.
 */
public record Progress(long virtualNanosDone, long virtualNanosTotal, int variantsDone, int variants) {
    /** Done as a fraction in [0, 1]: what {@code GET /scenarios/{id}} shows as progress. */
    public double fraction() {
        return virtualNanosTotal == 0 ? 1 : Math.min(1, (double) virtualNanosDone / virtualNanosTotal);
    }
}
