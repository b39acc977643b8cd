package org.xenemu.toolstack.balancer;

import org.jspecify.annotations.Nullable;
import org.xenemu.events.XenEvent;

/** A toolstack asked for memory to build a domain from: {@code kib}, or a range. */
public record ReservationRequested(String id, @Nullable Long kib, @Nullable Long minKiB, @Nullable Long maxKiB)
        implements XenEvent {
}
