package org.xenemu.balloon;

import org.xenemu.events.XenEvent;

/** A step failed (EAGAIN); the driver retries after {@code delaySeconds} of virtual time. */
public record BalloonBackedOff(int domid, long retryCount, long delaySeconds, long currentKiB, long targetKiB)
        implements XenEvent {
}
