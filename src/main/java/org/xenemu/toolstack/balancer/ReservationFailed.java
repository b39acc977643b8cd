package org.xenemu.toolstack.balancer;

import java.util.List;
import org.xenemu.events.XenEvent;

/**
 * A reservation could not be had: ENOMEM with squeezed's reason, {@code cannot-free} (with the
 * amounts in {@code detail}) or {@code domains-refused} (the stuck domains, by domid and name).
 */
public record ReservationFailed(String id, String errno, String reason, List<Integer> domids, List<String> names,
                                String detail) implements XenEvent {
}
