package org.xenemu.scenarios.document;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The host's memory decider (docs/toolstack.md; {@code PUT /host/balancer}): a policy and the options
 * that policy reads. Absent options keep the balancer's defaults (squeezed: check every 10 s, host
 * free target 73728 KiB, tolerance 512 KiB; MoM: decide every 10 s, sample every 5 s, 10 samples,
 * {@code balloon-rules}).
 *
 * @param intervalNanos         squeezed's balance check / MoM's policy interval
 * @param hostFreeTargetKiB     squeezed only
 * @param freeMemoryToleranceKiB squeezed only
 * @param sampleIntervalNanos   MoM only
 * @param historyLength         MoM only
 * @param momVariant            MoM only: {@code balloon-rules} or {@code vdsm}
 */
public record BalancerPlan(Policy policy, OptionalLong intervalNanos, OptionalLong hostFreeTargetKiB,
                           OptionalLong freeMemoryToleranceKiB, OptionalLong sampleIntervalNanos,
                           OptionalInt historyLength, Optional<String> momVariant) {
    public static final BalancerPlan NONE = new BalancerPlan(Policy.NONE, OptionalLong.empty(), OptionalLong.empty(),
            OptionalLong.empty(), OptionalLong.empty(), OptionalInt.empty(), Optional.empty());

    public enum Policy {
        NONE, SQUEEZED, MOM;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
