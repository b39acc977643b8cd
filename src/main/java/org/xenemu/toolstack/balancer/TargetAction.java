package org.xenemu.toolstack.balancer;

/** sq.ml's {@code action}: set domain {@code domid}'s balloon target to {@code newTargetKiB}. */
public record TargetAction(int domid, long newTargetKiB) {
}
