package org.xenemu.scenarios.run;

import java.util.Optional;
import org.xenemu.scenarios.document.Action;
import org.xenemu.scenarios.document.BalancerPlan;
import org.xenemu.scenarios.document.DomainPlan;
import org.xenemu.scenarios.document.InvalidScenarioException;
import org.xenemu.scenarios.document.Scenario;
import org.xenemu.scenarios.document.ScenarioPlan;
import org.xenemu.scenarios.document.Variant;

/**
 * What the document may say but this build cannot run yet: a balancer other than {@code none}
 * (squeezed, MoM), balloon faults, dynamic ranges and reservations — they come with the toolstack's balancer
 * issue (docs/toolstack.md). Checked for every variant before anything runs, and refused as the
 * parser refuses, naming the field ({@code host.balancer.policy: squeezed is not available in
 * this build …}), or the sweep value that brings it in ({@code sweep["host.balancer.policy"][1]:
 * makes host.balancer.policy: …}). {@code balancer: {policy: none}} is accepted: it is what the
 * host has anyway.
 */
public final class Availability {
    static final String LATER = "is not available in this build (it comes with the balancer, reservations and "
            + "faults of docs/toolstack.md)";

    private Availability() {
    }

    /** Throws {@link InvalidScenarioException} at the first variant asking for what this build lacks. */
    public static void verify(ScenarioPlan plan) {
        for (Variant v : plan.variants()) {
            Optional<Problem> p = first(v.scenario());
            if (p.isEmpty()) {
                continue;
            }
            String field = p.get().field();
            for (Variant.SweepValue value : v.overrides()) {
                String f = value.field();
                if (field.equals(f) || field.startsWith(f + ".") || field.startsWith(f + "[")) {
                    int index = plan.sweep().stream().filter(a -> a.path().equals(value.path())).findFirst()
                            .map(a -> a.valueTexts().indexOf(value.valueText())).orElse(0);
                    throw InvalidScenarioException.of("sweep[\"" + value.path() + "\"][" + index + "]",
                            "makes " + field + ": " + p.get().reason());
                }
            }
            throw InvalidScenarioException.of(field, p.get().reason());
        }
    }

    private record Problem(String field, String reason) {
    }

    private static Optional<Problem> first(Scenario s) {
        BalancerPlan b = s.host().balancer();
        if (b.policy() != BalancerPlan.Policy.NONE) {
            return Optional.of(new Problem("host.balancer.policy", b.policy().wireName() + " " + LATER));
        }
        for (DomainPlan d : s.domains()) {
            Optional<Problem> p = domain(d, d.source());
            if (p.isPresent()) {
                return p;
            }
        }
        for (Action a : s.actions()) {
            String field = "actions[" + a.index() + "]";
            if (a instanceof Action.Create c) {
                for (DomainPlan d : c.domains()) {
                    Optional<Problem> p = domain(d, field + ".domain");
                    if (p.isPresent()) {
                        return p;
                    }
                }
            } else if (a instanceof Action.SetBalancer sb) {
                if (sb.balancer().policy() != BalancerPlan.Policy.NONE) {
                    return Optional.of(new Problem(field + ".policy", sb.balancer().policy().wireName() + " " + LATER));
                }
            } else if (a instanceof Action.DynamicRange || a instanceof Action.SetFault
                    || a instanceof Action.Reserve) {
                return Optional.of(new Problem(field + ".op", a.op() + " " + LATER));
            }
        }
        return Optional.empty();
    }

    private static Optional<Problem> domain(DomainPlan d, String source) {
        if (d.fault().isPresent()) {
            return Optional.of(new Problem(source + ".fault", "a balloon fault " + LATER));
        }
        if (d.settings().dynamicMinKiB().isPresent() || d.settings().dynamicMaxKiB().isPresent()) {
            String member = d.settings().dynamicMinKiB().isPresent() ? "dynamicMinKiB" : "dynamicMaxKiB";
            return Optional.of(new Problem(source + "." + member, "a dynamic range " + LATER));
        }
        return Optional.empty();
    }
}
