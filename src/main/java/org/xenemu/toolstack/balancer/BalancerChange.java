package org.xenemu.toolstack.balancer;

import java.util.Optional;
import java.util.OptionalLong;

/** {@code PUT /host/balancer}: what to change; an absent member stays as it is. */
public record BalancerChange(Optional<Policy> policy, OptionalLong intervalSeconds, OptionalLong hostFreeTargetKiB) {
    public static BalancerChange policy(Policy p) {
        return new BalancerChange(Optional.of(p), OptionalLong.empty(), OptionalLong.empty());
    }
}
