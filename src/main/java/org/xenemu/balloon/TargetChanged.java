package org.xenemu.balloon;

import org.xenemu.events.XenEvent;

/** The balloon driver took a new target ({@code source}: {@code xenstore} or {@code sysfs}). */
public record TargetChanged(int domid, long targetKiB, String source) implements XenEvent {
}
