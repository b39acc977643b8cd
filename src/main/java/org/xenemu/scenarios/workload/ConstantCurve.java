package org.xenemu.scenarios.workload;

/** {@code kib(t) = kib}; never changes. */
final class ConstantCurve implements WorkloadCurve {
    private final long kib;

    ConstantCurve(long kib) {
        this.kib = kib;
    }

    @Override
    public long kibAt(long tNanos) {
        return kib;
    }

    @Override
    public long nextChangeAfter(long tNanos) {
        return NEVER;
    }
}
