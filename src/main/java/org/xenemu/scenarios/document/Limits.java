package org.xenemu.scenarios.document;

import org.xenemu.scenarios.workload.Nanos;

/**
 * What a document may ask for (docs/scenarios.md "Validation and limits"): enough for a day of a thousand-domain
 * fleet swept sixteen ways, small enough that a run's series fit in memory and a mistaken document
 * fails at once instead of after minutes.
 */
public final class Limits {
    /** Documents larger than this are refused before parsing: 1 MiB. */
    public static final int MAX_DOCUMENT_BYTES = 1 << 20;
    /** 1 PiB in KiB, as the toolstack's API: far above any host, low enough that no sum overflows. */
    public static final long MAX_KIB = 1L << 40;
    /** A scenario's virtual duration: at most a year. */
    public static final long MAX_DURATION_NANOS = 366 * Nanos.DAY;
    /** The finest series resolution. */
    public static final long MIN_SAMPLE_NANOS = Nanos.MILLISECOND;
    /** The shortest step of a workload (daily and ramp steps, random-walk {@code every}, spike duration). */
    public static final long MIN_WORKLOAD_STEP_NANOS = Nanos.SECOND;
    /** Domains in one variant: those at the start plus every one created (Xen's domids stop at 32751). */
    public static final int MAX_DOMAINS = 10_000;
    public static final int MAX_WORKLOADS_PER_DOMAIN = 32;
    public static final int MAX_ACTIONS = 100_000;
    /** Series rows (domains × samples) of one variant: 10 M (a day of 1000 domains at 60 s is 1.44 M). */
    public static final long MAX_ROWS_PER_VARIANT = 10_000_000;
    /** Series rows of all variants together. */
    public static final long MAX_ROWS_PER_PLAN = 40_000_000;
    public static final int MAX_VARIANTS = 100;

    private Limits() {
    }
}
