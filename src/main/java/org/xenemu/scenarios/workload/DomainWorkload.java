package org.xenemu.scenarios.workload;

import java.util.List;

/**
 * A domain's memory in use: the sum of its workloads' curves, clamped at 0 (every kind is already
 * ≥ 0, so the clamp only matters if a kind ever allows negative values) and saturating instead of
 * overflowing. What the runner asks for each domain at each sample and change point:
 * {@code kibAt(t)} is O(number of workloads) for increasing t, {@code nextChangeAfter(t)} the
 * minimum of the workloads' next change points. Not thread-safe.
 */
public final class DomainWorkload implements WorkloadCurve {
    private final WorkloadCurve[] curves;

    private DomainWorkload(WorkloadCurve[] curves) {
        this.curves = curves;
    }

    /**
     * Fresh curves for the domain named {@code domainName}: workload {@code i} draws from the
     * stream {@link Seeds#derive}{@code (seed, domainName, i)}.
     */
    public static DomainWorkload start(List<WorkloadSpec> specs, long seed, String domainName) {
        WorkloadCurve[] curves = new WorkloadCurve[specs.size()];
        for (int i = 0; i < curves.length; i++) {
            curves[i] = specs.get(i).start(Seeds.derive(seed, domainName, i));
        }
        return new DomainWorkload(curves);
    }

    @Override
    public long kibAt(long tNanos) {
        long sum = 0;
        for (WorkloadCurve c : curves) {
            long kib = c.kibAt(tNanos);
            sum = sum > Long.MAX_VALUE - kib ? Long.MAX_VALUE : sum + kib;
        }
        return Math.max(0, sum);
    }

    @Override
    public long nextChangeAfter(long tNanos) {
        long next = NEVER;
        for (WorkloadCurve c : curves) {
            next = Math.min(next, c.nextChangeAfter(tNanos));
        }
        return next;
    }

    /** How many workloads are summed. */
    public int size() {
        return curves.length;
    }
}
