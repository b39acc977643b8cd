package org.xenemu.balloon;

import org.jspecify.annotations.Nullable;
import org.xenemu.units.Pages;

/**
 * The JSON view of a balloon driver ({@code GET /domains/{domid}/balloon}, docs/api.md "Inside a
 * guest"). Take it under the engine lock. {@code fault} is how the operator made it misbehave
 * ({@code {"mode":"none"}} for a healthy driver); a view made without one leaves it out.
 */
public record BalloonView(long currentKiB, long targetKiB, long lowKiB, long highKiB, long scheduleDelaySeconds,
                          long maxScheduleDelaySeconds, long retryCount, long maxRetryCount, String state,
                          long hvmOffsetKiB, @Nullable Long nextStepJiffies, long steps,
                          @Nullable BalloonFaultView fault) {

    /** A view without the fault member (as before fault injection existed). */
    public BalloonView(long currentKiB, long targetKiB, long lowKiB, long highKiB, long scheduleDelaySeconds,
                       long maxScheduleDelaySeconds, long retryCount, long maxRetryCount, String state,
                       long hvmOffsetKiB, @Nullable Long nextStepJiffies, long steps) {
        this(currentKiB, targetKiB, lowKiB, highKiB, scheduleDelaySeconds, maxScheduleDelaySeconds, retryCount,
                maxRetryCount, state, hvmOffsetKiB, nextStepJiffies, steps, null);
    }

    public static BalloonView of(BalloonDriver d) {
        long next = d.nextStepJiffy();
        return new BalloonView(d.currentKiB(), d.targetKiB(), Pages.toKiB(d.balloonLowPages()),
                Pages.toKiB(d.balloonHighPages()),
                d.scheduleDelaySeconds(), d.maxScheduleDelaySeconds(), d.retryCount(), d.maxRetryCount(),
                d.state().name(), Pages.toKiB(d.targetDiffPages()), next < 0 ? null : next, d.steps(),
                BalloonFaultView.of(d.fault()));
    }
}
