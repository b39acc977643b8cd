package org.xenemu.scenarios.workload;

import java.util.SplittableRandom;

/**
 * Spikes arriving as a Poisson process: each adds {@code kib} for {@code duration}, overlapping
 * spikes add up.
 * <pre>
 *   gapₖ (whole ms) = ⌊−log1p(−uₖ) · 3 600 000 / perHour⌋,  uₖ = (nextLong() &gt;&gt;&gt; 11) · 2⁻⁵³ ∈ [0, 1)
 *   a₁ = gap₁,  aₖ = aₖ₋₁ + gapₖ            (arrival times; exponential gaps of mean 1/perHour hours)
 *   kib(t) = kib · #{k : aₖ ≤ t &lt; aₖ + duration}
 * </pre>
 * {@code log1p} is {@link StrictMath#log1p}. Arrivals are whole milliseconds (two may coincide);
 * an arrival past {@link #HORIZON_NANOS} never happens. The product saturates at
 * {@link Long#MAX_VALUE} rather than overflowing. Change points: every arrival and every end.
 *
 * <p>The curve is a cursor over the arrivals: it keeps only the spikes active at the last query
 * (a FIFO, since every spike lasts as long) and the next arrival; an earlier query replays the
 * stream.
 */
final class SpikesCurve implements WorkloadCurve {
    /** An average of one spike a second is the most a document may ask for (bounds the runner's work). */
    static final double MAX_PER_HOUR = 3600;
    /** 1000 days: far beyond any scenario, well inside a long of nanoseconds. */
    static final long HORIZON_NANOS = 1000 * Nanos.DAY;

    private final WorkloadSpec.Spikes spec;
    private final long streamSeed;
    private SplittableRandom random;
    private long nextArrival;
    private long lastQuery;
    /** Arrival times of the active spikes, oldest first, in a ring. */
    private long[] active = new long[8];
    private int head;
    private int size;

    SpikesCurve(WorkloadSpec.Spikes spec, long streamSeed) {
        this.spec = spec;
        this.streamSeed = streamSeed;
        rewind();
    }

    private void rewind() {
        random = new SplittableRandom(streamSeed);
        head = 0;
        size = 0;
        lastQuery = Long.MIN_VALUE;
        nextArrival = draw(0);
    }

    private long draw(long from) {
        if (spec.perHour() == 0) {
            return NEVER;
        }
        double u = Seeds.unit(random);
        double gapMillis = Math.floor(-StrictMath.log1p(-u) * 3_600_000.0 / spec.perHour());
        if (gapMillis >= (double) HORIZON_NANOS / Nanos.MILLISECOND) {
            return NEVER;
        }
        long at = from + (long) gapMillis * Nanos.MILLISECOND;
        return at > HORIZON_NANOS ? NEVER : at;
    }

    private void advance(long t) {
        if (t < lastQuery) {
            rewind();
        }
        lastQuery = t;
        while (nextArrival <= t) {
            push(nextArrival);
            nextArrival = draw(nextArrival);
        }
        while (size > 0 && active[head] + spec.durationNanos() <= t) {
            head = (head + 1) % active.length;
            size--;
        }
    }

    private void push(long arrival) {
        if (size == active.length) {
            long[] bigger = new long[active.length * 2];
            for (int i = 0; i < size; i++) {
                bigger[i] = active[(head + i) % active.length];
            }
            active = bigger;
            head = 0;
        }
        active[(head + size) % active.length] = arrival;
        size++;
    }

    @Override
    public long kibAt(long tNanos) {
        advance(tNanos);
        if (size == 0) {
            return 0;
        }
        long kib = spec.kib();
        return kib != 0 && size > Long.MAX_VALUE / kib ? Long.MAX_VALUE : size * kib;
    }

    @Override
    public long nextChangeAfter(long tNanos) {
        advance(tNanos);
        long next = nextArrival;
        if (size > 0) {
            next = Math.min(next, active[head] + spec.durationNanos());
        }
        return next;
    }
}
