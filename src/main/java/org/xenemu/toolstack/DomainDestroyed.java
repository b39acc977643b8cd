package org.xenemu.toolstack;

import org.xenemu.events.XenEvent;

/** A domain was destroyed: its pages and tmem went back to the host and xenstore released it. */
public record DomainDestroyed(int domid, String name, long returnedKiB) implements XenEvent {
}
