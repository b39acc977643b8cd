package org.xenemu.toolstack;

import org.xenemu.events.XenEvent;

/** A domain was built, introduced to xenstore and its balloon driver started. */
public record DomainCreated(int domid, String name, String type, int homeNode, long memoryKiB, long staticMaxKiB)
        implements XenEvent {
}
