package org.xenemu.toolstack.balancer;

import org.xenemu.events.XenEvent;

/** A domain was built from a reservation (squeezed's {@code transfer_reservation_to_domain}). */
public record ReservationTransferred(String id, int domid, long kib) implements XenEvent {
}
