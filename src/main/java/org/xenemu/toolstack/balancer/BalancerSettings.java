package org.xenemu.toolstack.balancer;

import org.xenemu.error.XenException;

/**
 * How the host's decider is set up (docs/api.md "Toolstack memory policy"; the properties
 * {@code xenemu.balancer.*}). {@code squeeze} carries squeezed's tunables — its host free target
 * (72 MiB), tolerance (512 KiB), loop interval (1 s) and periodic check (10 s) — and {@code mom}
 * MoM's (5 s samples, 10 s decisions, 10 samples, {@code balloon.rules}).
 */
public record BalancerSettings(Policy policy, SqueezeOptions squeeze, MomSettings mom) {
    public static final BalancerSettings DEFAULTS = new BalancerSettings(Policy.NONE, SqueezeOptions.defaults(),
            MomSettings.defaults());
    /** A day: the longest interval a decider may be given. */
    public static final long MAX_INTERVAL_SECONDS = 86_400;

    public BalancerSettings {
        if (!squeeze.fistPoints().equals(FistPoints.NONE)) {
            throw XenException.invalid("fist points are for squeezed's own test harness, not a running host");
        }
    }

    public BalancerSettings withPolicy(Policy p) {
        return new BalancerSettings(p, squeeze, mom);
    }

    /**
     * The one interval a user sets ({@code intervalSeconds}): squeezed's periodic balance check and
     * MoM's policy-engine interval (10 s both by default).
     */
    public BalancerSettings withIntervalSeconds(long seconds) {
        if (seconds < 1 || seconds > MAX_INTERVAL_SECONDS) {
            throw XenException.invalid("intervalSeconds must be 1..86400");
        }
        long nanos = seconds * SqueezeOptions.NANOS_PER_SECOND;
        return new BalancerSettings(policy, squeeze.withBalanceCheckIntervalNanos(nanos),
                mom.withIntervalsNanos(mom.sampleIntervalNanos(), nanos));
    }

    public BalancerSettings withHostFreeTargetKiB(long kib) {
        if (kib < 0 || kib > 1L << 40) {
            throw XenException.invalid("hostFreeTargetKiB must be 0..2^40");
        }
        return new BalancerSettings(policy, squeeze.withHostFreeTargetKiB(kib), mom);
    }

    public BalancerSettings withSqueeze(SqueezeOptions options) {
        return new BalancerSettings(policy, options, mom);
    }

    public BalancerSettings withMom(MomSettings settings) {
        return new BalancerSettings(policy, squeeze, settings);
    }

    /** The interval a user sees: squeezed's balance check (MoM's decisions follow it). */
    public long intervalSeconds() {
        return squeeze.balanceCheckIntervalNanos() / SqueezeOptions.NANOS_PER_SECOND;
    }
}
