package org.xenemu.toolstack.balancer;

/**
 * The success condition a squeezed call hands its loop ({@code success_condition} in sq.ml
 * {@code change_host_free_memory}), judged only once every active domain sits at a stable target.
 */
public sealed interface FreeGoal {
    boolean isMetBy(long hostFreeKiB);

    /** {@code free ≥ kib}: {@code free_memory}, {@code free_memory_range}, the test's phase 1. */
    record AtLeast(long kib) implements FreeGoal {
        @Override
        public boolean isMetBy(long hostFreeKiB) {
            return hostFreeKiB >= kib;
        }
    }

    /** {@code free ≤ kib}: only squeezed's test harness uses it (phase 4, {@code free ≤ 32}). */
    record AtMost(long kib) implements FreeGoal {
        @Override
        public boolean isMetBy(long hostFreeKiB) {
            return hostFreeKiB <= kib;
        }
    }

    /**
     * sq.ml {@code is_balanced}: {@code free − target < tolerance}, strict, and therefore also met
     * when free is below the target.
     */
    record Balanced(long hostFreeTargetKiB, long toleranceKiB) implements FreeGoal {
        @Override
        public boolean isMetBy(long hostFreeKiB) {
            return hostFreeKiB - hostFreeTargetKiB < toleranceKiB;
        }
    }
}
