package org.xenemu.toolstack.balancer;

import org.xenemu.events.XenEvent;

/**
 * squeezed gave up on a domain's balloon driver within a run: no progress towards its target for
 * more than 5 s. Its target and maxmem were clipped to {@code clippedKiB} (it may shrink, not grow)
 * and the other domains are asked for more.
 */
public record DomainStuck(int domid, String name, long targetKiB, long actualKiB, long clippedKiB)
        implements XenEvent {
}
