package org.xenemu.scenarios.document;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * A misbehaving balloon driver (docs/toolstack.md "Misbehaving guests (fault injection)";
 * {@code PUT /balloon/fault}): a mode and optional limits that apply in any mode but {@code stuck}.
 *
 * @param periodNanos       {@code periodSeconds}: intermittent only (stuck one period, working the next)
 * @param rateKiBPerSecond  the most the driver moves per virtual second
 * @param floorKiB          a hidden floor: the guest will not go below it
 * @param ceilingKiB        a hidden ceiling: the guest will not grow above it
 */
public record FaultPlan(Mode mode, OptionalLong periodNanos, OptionalLong rateKiBPerSecond, OptionalLong floorKiB,
                        OptionalLong ceilingKiB) {

    public enum Mode {
        NONE, STUCK, INTERMITTENT;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
