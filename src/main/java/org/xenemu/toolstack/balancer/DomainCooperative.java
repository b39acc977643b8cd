package org.xenemu.toolstack.balancer;

import org.xenemu.events.XenEvent;

/** An uncooperative domain reached its target again: squeezed removed {@code memory/uncooperative}. */
public record DomainCooperative(int domid, String name) implements XenEvent {
}
