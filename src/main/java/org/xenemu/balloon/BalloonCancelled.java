package org.xenemu.balloon;

import org.xenemu.events.XenEvent;

/**
 * The driver gave up (ECANCELED): {@code reason} is {@code balloon-empty} (target rewritten to
 * current) or {@code retries-exhausted} (max_retry_count exceeded).
 */
public record BalloonCancelled(int domid, String reason, long currentKiB, long targetKiB) implements XenEvent {
}
