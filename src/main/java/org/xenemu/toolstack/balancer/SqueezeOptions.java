package org.xenemu.toolstack.balancer;

import org.xenemu.error.XenException;

/**
 * squeezed's tunables, defaulting to today's upstream values (squeezed's {@code squeeze.ml} and
 * {@code squeezed.conf}; docs/toolstack.md "squeezed policy (`policy: squeezed`)").
 *
 * @param hostFreeTargetKiB       {@code target_host_free_mem_kib}: Xen's 64 MiB low-memory
 *                                emergency pool + 8 MiB kept for domain builds = 73728 KiB (sx.ml
 *                                {@code low_mem_emergency_pool}, {@code extra_mem_to_keep}; the pool
 *                                was 1 MiB before CA-423173). Every call adds it to what it frees;
 *                                squeezed's test harness sets it to the scenario's required amount.
 * @param freeMemoryToleranceKiB  {@code free_memory_tolerance_kib}: 512 (0 in the test harness)
 * @param loopIntervalNanos       the pause between two iterations of a run: squeezed sleeps 1 s
 *                                ({@code io.wait 1.}); its test harness advances 0.1 s
 * @param balanceCheckIntervalNanos how often the periodic check asks
 *                                {@link HostBalance#isHostMemoryUnbalanced}: 10 s
 *                                ({@code balance-check-interval}, squeezed.ml, squeezed.conf)
 * @param fistPoints              test-only switches; {@link FistPoints#NONE} in production
 */
public record SqueezeOptions(long hostFreeTargetKiB, long freeMemoryToleranceKiB, long loopIntervalNanos,
                             long balanceCheckIntervalNanos, FistPoints fistPoints) {
    public static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** Xen's {@code low_mem_virq_limit}: 64 MiB. */
    public static final long LOW_MEM_EMERGENCY_POOL_KIB = 65_536;
    /** sx.ml {@code extra_mem_to_keep}: 8 MiB. */
    public static final long EXTRA_MEM_TO_KEEP_KIB = 8_192;
    public static final long HOST_FREE_TARGET_KIB = LOW_MEM_EMERGENCY_POOL_KIB + EXTRA_MEM_TO_KEEP_KIB;
    public static final long FREE_MEMORY_TOLERANCE_KIB = 512;

    public SqueezeOptions {
        if (hostFreeTargetKiB < 0 || freeMemoryToleranceKiB < 0) {
            throw XenException.invalid("host free target and tolerance must be >= 0");
        }
        if (loopIntervalNanos <= 0 || balanceCheckIntervalNanos <= 0) {
            throw XenException.invalid("intervals must be > 0");
        }
    }

    public static SqueezeOptions defaults() {
        return new SqueezeOptions(HOST_FREE_TARGET_KIB, FREE_MEMORY_TOLERANCE_KIB, NANOS_PER_SECOND,
                10 * NANOS_PER_SECOND, FistPoints.NONE);
    }

    public SqueezeOptions withHostFreeTargetKiB(long kib) {
        return new SqueezeOptions(kib, freeMemoryToleranceKiB, loopIntervalNanos, balanceCheckIntervalNanos, fistPoints);
    }

    public SqueezeOptions withFreeMemoryToleranceKiB(long kib) {
        return new SqueezeOptions(hostFreeTargetKiB, kib, loopIntervalNanos, balanceCheckIntervalNanos, fistPoints);
    }

    public SqueezeOptions withLoopIntervalNanos(long nanos) {
        return new SqueezeOptions(hostFreeTargetKiB, freeMemoryToleranceKiB, nanos, balanceCheckIntervalNanos, fistPoints);
    }

    public SqueezeOptions withBalanceCheckIntervalNanos(long nanos) {
        return new SqueezeOptions(hostFreeTargetKiB, freeMemoryToleranceKiB, loopIntervalNanos, nanos, fistPoints);
    }

    public SqueezeOptions withFistPoints(FistPoints points) {
        return new SqueezeOptions(hostFreeTargetKiB, freeMemoryToleranceKiB, loopIntervalNanos, balanceCheckIntervalNanos,
                points);
    }

    /** The success condition of a balancing run (sq.ml {@code is_balanced}). */
    public FreeGoal.Balanced balancedGoal() {
        return new FreeGoal.Balanced(hostFreeTargetKiB, freeMemoryToleranceKiB);
    }
}
