package org.xenemu.toolstack.balancer;

/**
 * squeezed's test-only fault injection into the algorithm itself (sq.ml {@code fistpoint}), used by
 * its scenarios f and g to show that two rules matter. Never set them in production.
 *
 * @param disableTwoPhaseTargetSets        issue freeing and allocating targets together
 *                                         ({@code DisableTwoPhaseTargetSets})
 * @param disableInaccuracyCompensation    {@code min_freeable = actual − dyn_min}, without the
 *                                         {@code 2·inaccuracy} margin ({@code DisableInaccuracyCompensation})
 */
public record FistPoints(boolean disableTwoPhaseTargetSets, boolean disableInaccuracyCompensation) {
    public static final FistPoints NONE = new FistPoints(false, false);
    public static final FistPoints DISABLE_TWO_PHASE = new FistPoints(true, false);
    public static final FistPoints DISABLE_INACCURACY_COMPENSATION = new FistPoints(false, true);

    boolean compensateInaccuracy() {
        return !disableInaccuracyCompensation;
    }
}
