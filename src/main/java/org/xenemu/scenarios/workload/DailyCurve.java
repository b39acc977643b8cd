package org.xenemu.scenarios.workload;

/**
 * A day-long cosine, held constant over steps:
 * <pre>
 *   q(t)   = ⌊t / step⌋ · step
 *   kib(t) = max(0, round(baseKiB · (1 + amplitude · cos(2π · ((q(t) − peakAt) mod 24h) / 24h))))
 * </pre>
 * {@code round} is {@link Math#round(double)} (halves up), {@code cos} is
 * {@link StrictMath#cos} (fdlibm: the same bits on every JVM). So the curve is
 * {@code baseKiB · (1 + amplitude)} at {@code peakAt} each day and {@code baseKiB · (1 − amplitude)}
 * twelve hours later; it may change at every multiple of {@code step}. The modulo keeps the angle in
 * [0, 2π) so days far from 0 lose no precision. With {@code amplitude} 0 it never changes.
 *
 * <p>Worked example ({@code baseKiB 65536, amplitude 0.5, peakAt 14h, step 60s}): at 14:00 →
 * 98304; at 02:00 → 32768; at 08:00 (a quarter day early, cos = 0 up to rounding) → 65536; at
 * 14:00:59 → still 98304 (same step).
 */
final class DailyCurve implements WorkloadCurve {
    private static final double TWO_PI = 2 * Math.PI;
    private final WorkloadSpec.Daily spec;
    private long cachedStep = -1;
    private long cachedKiB;

    DailyCurve(WorkloadSpec.Daily spec) {
        this.spec = spec;
    }

    @Override
    public long kibAt(long tNanos) {
        long step = Math.floorDiv(tNanos, spec.stepNanos());
        if (step != cachedStep) {
            cachedKiB = valueAt(step * spec.stepNanos());
            cachedStep = step;
        }
        return cachedKiB;
    }

    private long valueAt(long q) {
        long phase = Math.floorMod(q - spec.peakAtNanos(), Nanos.DAY);
        double cos = StrictMath.cos(TWO_PI * ((double) phase / Nanos.DAY));
        return Math.max(0, Math.round(spec.baseKiB() * (1 + spec.amplitude() * cos)));
    }

    @Override
    public long nextChangeAfter(long tNanos) {
        if (spec.amplitude() == 0 || spec.baseKiB() == 0) {
            return NEVER;
        }
        long next = (Math.floorDiv(tNanos, spec.stepNanos()) + 1) * spec.stepNanos();
        return next <= tNanos ? NEVER : next;
    }
}
