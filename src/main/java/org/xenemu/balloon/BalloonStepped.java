package org.xenemu.balloon;

import java.util.List;
import org.xenemu.events.XenEvent;

/**
 * One batch of the balloon driver moved {@code pages} (positive: the guest grew, negative: it gave
 * pages back to the host), split by NUMA node; {@code state} is the step's outcome.
 */
public record BalloonStepped(int domid, long pages, List<Long> pagesPerNode, long currentKiB, long targetKiB,
                             String state) implements XenEvent {
}
