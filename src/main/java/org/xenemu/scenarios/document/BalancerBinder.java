package org.xenemu.scenarios.document;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.xenemu.scenarios.workload.Nanos;

/** {@code host.balancer} and the {@code balancer} action: a policy and the options it reads. */
final class BalancerBinder {
    private static final List<String> SQUEEZED = List.of("intervalSeconds", "hostFreeTargetKiB", "freeMemoryToleranceKiB");
    private static final List<String> MOM = List.of("intervalSeconds", "sampleIntervalSeconds", "historyLength", "variant");
    private static final List<String> MOM_VARIANTS = List.of("balloon-rules", "vdsm");

    private BalancerBinder() {
    }

    /** Reads the policy and options from {@code o} (whose unknown members the caller has refused). */
    static BalancerPlan bind(Obj o) {
        String text = o.requiredString("policy");
        BalancerPlan.Policy policy;
        try {
            policy = BalancerPlan.Policy.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Problems.at(o.at("policy"), "unknown policy " + Problems.quote(text) + " (one of none, squeezed, mom)");
        }
        List<String> allowed = switch (policy) {
            case NONE -> List.of();
            case SQUEEZED -> SQUEEZED;
            case MOM -> MOM;
        };
        for (String option : Schema.BALANCER_OPTIONS) {
            if (o.has(option) && !allowed.contains(option)) {
                throw Problems.at(o.at(option), "is not an option of policy " + policy.wireName()
                        + (allowed.isEmpty() ? " (it has none)" : " (it has " + String.join(", ", allowed) + ")"));
            }
        }
        OptionalLong interval = o.seconds("intervalSeconds", Nanos.MILLISECOND, Nanos.DAY);
        OptionalLong hostFree = o.integer("hostFreeTargetKiB", 0, Limits.MAX_KIB);
        OptionalLong tolerance = o.integer("freeMemoryToleranceKiB", 0, Limits.MAX_KIB);
        OptionalLong sample = o.seconds("sampleIntervalSeconds", Nanos.MILLISECOND, Nanos.DAY);
        OptionalInt history = o.smallInteger("historyLength", 1, 1000);
        Optional<String> variant = o.string("variant");
        if (variant.isPresent() && !MOM_VARIANTS.contains(variant.get())) {
            throw Problems.at(o.at("variant"), "unknown MoM policy " + Problems.quote(variant.get())
                    + " (one of balloon-rules, vdsm)");
        }
        return new BalancerPlan(policy, interval, hostFree, tolerance, sample, history, variant);
    }
}
