package org.xenemu.selfballoon;

import org.xenemu.events.XenEvent;

/**
 * A self-shrink run called {@code frontswap_shrink}: frontswap pages before, the target asked,
 * and the count after (above the target when guest memory could not take them all).
 */
public record FrontswapShrunk(int domid, long before, long target, long after) implements XenEvent {
}
