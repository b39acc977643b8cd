package org.xenemu.balloon;

/** The JSON view of a balloon driver (API.md GET /domains/{domid}/balloon). Take it under the engine lock. */
public record BalloonView(long currentKiB, long targetKiB, long lowKiB, long highKiB, long scheduleDelaySeconds,
                          long maxScheduleDelaySeconds, long retryCount, long maxRetryCount, String state,
                          long hvmOffsetKiB, Long nextStepJiffies, long steps) {

    public static BalloonView of(BalloonDriver d) {
        long next = d.nextStepJiffy();
        return new BalloonView(d.currentKiB(), d.targetKiB(), d.balloonLowPages() * 4, d.balloonHighPages() * 4,
                d.scheduleDelaySeconds(), d.maxScheduleDelaySeconds(), d.retryCount(), d.maxRetryCount(),
                d.state().name(), d.targetDiffPages() * 4, next < 0 ? null : next, d.steps());
    }
}
