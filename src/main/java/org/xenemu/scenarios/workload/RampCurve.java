package org.xenemu.scenarios.workload;

import java.math.BigInteger;

/**
 * A straight line from {@code fromKiB} at {@code start} to {@code toKiB} at {@code end}, held over
 * steps counted from {@code start}:
 * <pre>
 *   t &lt; start:        kib = fromKiB
 *   start ≤ t &lt; end:  q = start + ⌊(t − start) / step⌋ · step
 *                     kib = fromKiB + trunc((toKiB − fromKiB) · (q − start) / (end − start))
 *   t ≥ end:          kib = toKiB
 * </pre>
 * {@code trunc} rounds towards zero (towards {@code fromKiB}); the product is exact (no overflow).
 * Change points: {@code start + k·step} for k ≥ 1 while before {@code end}, and {@code end}.
 *
 * <p>Worked example ({@code 0 → 100000 KiB, 2h → 4h, step 60s}): before 2h → 0; at 2h → 0; at
 * 2h01m → 833 (100000 · 60 / 7200 = 833.3); at 3h → 50000; at 3h59m → 99166; at 4h → 100000.
 */
final class RampCurve implements WorkloadCurve {
    private final WorkloadSpec.Ramp spec;
    private long cachedQ = -1;
    private long cachedKiB;

    RampCurve(WorkloadSpec.Ramp spec) {
        this.spec = spec;
    }

    @Override
    public long kibAt(long tNanos) {
        if (tNanos < spec.startNanos()) {
            return spec.fromKiB();
        }
        if (tNanos >= spec.endNanos()) {
            return spec.toKiB();
        }
        long q = spec.startNanos() + (tNanos - spec.startNanos()) / spec.stepNanos() * spec.stepNanos();
        if (q != cachedQ) {
            BigInteger delta = BigInteger.valueOf(spec.toKiB() - spec.fromKiB())
                    .multiply(BigInteger.valueOf(q - spec.startNanos()))
                    .divide(BigInteger.valueOf(spec.endNanos() - spec.startNanos()));
            cachedKiB = spec.fromKiB() + delta.longValueExact();
            cachedQ = q;
        }
        return cachedKiB;
    }

    @Override
    public long nextChangeAfter(long tNanos) {
        if (spec.fromKiB() == spec.toKiB() || tNanos >= spec.endNanos()) {
            return NEVER;
        }
        long sinceStart = Math.max(0, tNanos - spec.startNanos());
        long next = spec.startNanos() + (sinceStart / spec.stepNanos() + 1) * spec.stepNanos();
        return Math.min(next, spec.endNanos());
    }
}
