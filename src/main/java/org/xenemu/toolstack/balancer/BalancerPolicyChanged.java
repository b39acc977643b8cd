package org.xenemu.toolstack.balancer;

import org.xenemu.events.XenEvent;

/** dom0 switched the decider ({@code PUT /host/balancer}), or the service started with one. */
public record BalancerPolicyChanged(String policy, long intervalSeconds, long hostFreeTargetKiB) implements XenEvent {
}
