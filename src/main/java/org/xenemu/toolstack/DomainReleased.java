package org.xenemu.toolstack;

import org.xenemu.events.XenEvent;

/**
 * A xenstore client the toolstack does not know (e.g. a dom0 socket client sending RELEASE)
 * released a running domain; the toolstack takes that as the domain's death, as {@code xl}
 * reaps a domain when {@code @releaseDomain} fires, and destroys it ({@link DomainDestroyed}
 * follows at once).
 */
public record DomainReleased(int domid, String name) implements XenEvent {
}
