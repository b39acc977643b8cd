package org.xenemu.toolstack.balancer;

import org.xenemu.error.XenException;

/**
 * MoM's timing and policy choice ({@code mom/__init__.py} defaults,
 * {@code doc/mom-balloon.conf}).
 *
 * @param variant               which balloon policy ({@link MomVariant#BALLOON_RULES} by default)
 * @param sampleIntervalNanos   host-monitor-interval and guest-monitor-interval: 5 s (vdsm's
 *                              {@code mom.conf.in}: 15 s)
 * @param decisionIntervalNanos policy-engine-interval: 10 s (vdsm: 15 s)
 * @param historyLength         sample-history-length: the moving average covers the last 10 samples
 * @param balloonEnabled        vdsm's {@code balloonEnabled} policy parameter (only
 *                              {@link MomVariant#VDSM_BALLOON_POLICY} reads it): true here, as the
 *                              engine sets it on a cluster with ballooning on — the only reason to
 *                              emulate that policy; vdsm's own default in 00-defines is 0
 */
public record MomSettings(MomVariant variant, long sampleIntervalNanos, long decisionIntervalNanos, int historyLength,
                          boolean balloonEnabled) {
    public MomSettings {
        if (sampleIntervalNanos <= 0 || decisionIntervalNanos <= 0) {
            throw XenException.invalid("MoM intervals must be > 0");
        }
        if (historyLength < 1) {
            throw XenException.invalid("sample-history-length must be >= 1: " + historyLength);
        }
    }

    public static MomSettings defaults() {
        return new MomSettings(MomVariant.BALLOON_RULES, 5 * SqueezeOptions.NANOS_PER_SECOND,
                10 * SqueezeOptions.NANOS_PER_SECOND, 10, true);
    }

    public MomSettings withVariant(MomVariant v) {
        return new MomSettings(v, sampleIntervalNanos, decisionIntervalNanos, historyLength, balloonEnabled);
    }

    public MomSettings withIntervalsNanos(long sample, long decision) {
        return new MomSettings(variant, sample, decision, historyLength, balloonEnabled);
    }

    public MomSettings withHistoryLength(int samples) {
        return new MomSettings(variant, sampleIntervalNanos, decisionIntervalNanos, samples, balloonEnabled);
    }

    public MomSettings withBalloonEnabled(boolean enabled) {
        return new MomSettings(variant, sampleIntervalNanos, decisionIntervalNanos, historyLength, enabled);
    }
}
