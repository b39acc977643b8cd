package org.xenemu.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A guest's balloon driver ({@code GET /domains/{domid}/balloon}; docs/memory.md "Balloon driver").
 *
 * @param currentKiB              what the guest owns
 * @param targetKiB               the driver's target
 * @param lowKiB                  pages ballooned out of low memory × 4
 * @param highKiB                 pages ballooned out of high memory × 4
 * @param scheduleDelaySeconds    the current back-off
 * @param maxScheduleDelaySeconds its ceiling
 * @param retryCount              retries so far
 * @param maxRetryCount           0 = retry forever
 * @param state                   {@code DONE}, {@code EAGAIN} or {@code ECANCELED}
 * @param hvmOffsetKiB            the HVM target offset
 * @param nextStepJiffies         when the driver runs next, if pending
 * @param steps                   batches run so far
 * @param fault                   the injected misbehaviour ({@code PUT /balloon/fault}; {@code mode none} when healthy)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BalloonView(long currentKiB, long targetKiB, long lowKiB, long highKiB, long scheduleDelaySeconds,
                          long maxScheduleDelaySeconds, long retryCount, long maxRetryCount, String state,
                          long hvmOffsetKiB, OptionalLong nextStepJiffies, long steps, Optional<BalloonFault> fault) {
    public BalloonView {
        nextStepJiffies = nextStepJiffies == null ? OptionalLong.empty() : nextStepJiffies;
        fault = fault == null ? Optional.empty() : fault;
    }

    /** True when the driver has reached its target and nothing is pending. */
    public boolean settled() {
        return currentKiB == targetKiB && "DONE".equals(state);
    }
}
