package org.xenemu.scenarios.workload;

import java.util.SplittableRandom;

/**
 * A symmetric random walk on a grid of {@code every}:
 * <pre>
 *   X₀ = kib
 *   Xₖ = max(0, Xₖ₋₁ + sₖ · stepKiB),   sₖ = −1 if the k-th nextLong() of the stream is negative, else +1
 *   kib(t) = X⌊t / every⌋
 * </pre>
 * Change points: every multiple of {@code every} (none with {@code stepKiB} 0). The walk is a
 * cursor: increasing queries cost one draw per step crossed; an earlier query replays the stream.
 */
final class RandomWalkCurve implements WorkloadCurve {
    private final WorkloadSpec.RandomWalk spec;
    private final long streamSeed;
    private SplittableRandom random;
    private long k;
    private long x;

    RandomWalkCurve(WorkloadSpec.RandomWalk spec, long streamSeed) {
        this.spec = spec;
        this.streamSeed = streamSeed;
        rewind();
    }

    private void rewind() {
        random = new SplittableRandom(streamSeed);
        k = 0;
        x = spec.kib();
    }

    @Override
    public long kibAt(long tNanos) {
        long target = Math.max(0, Math.floorDiv(tNanos, spec.everyNanos()));
        if (target < k) {
            rewind();
        }
        while (k < target) {
            long step = random.nextLong() < 0 ? -spec.stepKiB() : spec.stepKiB();
            x = Math.max(0, Math.min(Long.MAX_VALUE - spec.stepKiB(), x + step));
            k++;
        }
        return x;
    }

    @Override
    public long nextChangeAfter(long tNanos) {
        if (spec.stepKiB() == 0) {
            return NEVER;
        }
        long next = (Math.max(0, Math.floorDiv(tNanos, spec.everyNanos())) + 1) * spec.everyNanos();
        return next <= tNanos ? NEVER : next;
    }
}
