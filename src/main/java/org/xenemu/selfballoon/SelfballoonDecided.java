package org.xenemu.selfballoon;

import org.xenemu.events.XenEvent;

/** One selfballoon run set the balloon target (docs/api.md "Events": selfballoon decision), all in pages. */
public record SelfballoonDecided(int domid, long cur, long goal, long floor, long tgt, long newTarget)
        implements XenEvent {
}
