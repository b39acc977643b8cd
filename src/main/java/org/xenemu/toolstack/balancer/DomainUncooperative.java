package org.xenemu.toolstack.balancer;

import org.xenemu.events.XenEvent;

/** A domain has been off its target for more than 20 s: squeezed wrote an empty {@code memory/uncooperative}. */
public record DomainUncooperative(int domid, String name, long targetKiB, long actualKiB) implements XenEvent {
}
