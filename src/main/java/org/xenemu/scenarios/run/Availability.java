package org.xenemu.scenarios.run;

import java.util.Optional;
import org.xenemu.error.XenException;
import org.xenemu.scenarios.document.Action;
import org.xenemu.scenarios.document.BalancerPlan;
import org.xenemu.scenarios.document.DomainPlan;
import org.xenemu.scenarios.document.FaultPlan;
import org.xenemu.scenarios.document.InvalidScenarioException;
import org.xenemu.scenarios.document.Scenario;
import org.xenemu.scenarios.document.ScenarioPlan;
import org.xenemu.scenarios.document.Variant;

/**
 * What a valid document may say but the private host's doors would refuse, checked for every
 * variant before anything runs and refused as the parser refuses, naming the field, or the sweep
 * value that brings it in ({@code sweep["host.balancer.intervalSeconds"][1]: makes …}):
 * <ul>
 *   <li>{@code host.balancer} and faults the balancer's and balloon's own checks refuse (the
 *       balancer's settings and {@code BalloonFault} are built here exactly as the runner builds them);</li>
 *   <li>a {@code balancer} action with more than {@code PUT /host/balancer} takes: policy,
 *       {@code intervalSeconds} in whole seconds 1–86400, {@code hostFreeTargetKiB}. squeezed's
 *       tolerance and MoM's sampling, history and variant are set in {@code host.balancer} only.</li>
 * </ul>
 */
public final class Availability {
    private static final long SECOND = 1_000_000_000L;

    private Availability() {
    }

    /** Throws {@link InvalidScenarioException} at the first variant asking for what the doors refuse. */
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
        try {
            PrivateHostRunner.balancer(s.host().balancer());
        } catch (XenException e) {
            return Optional.of(new Problem("host.balancer", e.detail()));
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
            } else if (a instanceof Action.Reserve r) {
                for (DomainPlan d : r.domains()) {
                    Optional<Problem> p = domain(d, field + ".domain");
                    if (p.isPresent()) {
                        return p;
                    }
                }
            } else if (a instanceof Action.SetBalancer sb) {
                Optional<Problem> p = balancerAction(sb.balancer(), field);
                if (p.isPresent()) {
                    return p;
                }
            } else if (a instanceof Action.SetFault f) {
                Optional<Problem> p = fault(f.fault(), field);
                if (p.isPresent()) {
                    return p;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Problem> balancerAction(BalancerPlan b, String field) {
        String onlyAtStart = "is set in host.balancer only (PUT /host/balancer takes policy, intervalSeconds and "
                + "hostFreeTargetKiB)";
        if (b.freeMemoryToleranceKiB().isPresent()) {
            return Optional.of(new Problem(field + ".freeMemoryToleranceKiB", onlyAtStart));
        }
        if (b.sampleIntervalNanos().isPresent()) {
            return Optional.of(new Problem(field + ".sampleIntervalSeconds", onlyAtStart));
        }
        if (b.historyLength().isPresent()) {
            return Optional.of(new Problem(field + ".historyLength", onlyAtStart));
        }
        if (b.momVariant().isPresent()) {
            return Optional.of(new Problem(field + ".variant", onlyAtStart));
        }
        if (b.intervalNanos().isPresent()) {
            long n = b.intervalNanos().getAsLong();
            if (n % SECOND != 0 || n < SECOND || n > 86_400 * SECOND) {
                return Optional.of(new Problem(field + ".intervalSeconds",
                        "must be whole seconds 1–86400 in an action (as PUT /host/balancer takes it)"));
            }
        }
        return Optional.empty();
    }

    private static Optional<Problem> domain(DomainPlan d, String source) {
        return d.fault().isPresent() ? fault(d.fault().get(), source + ".fault") : Optional.empty();
    }

    private static Optional<Problem> fault(FaultPlan f, String field) {
        try {
            PrivateHostRunner.fault(f);
            return Optional.empty();
        } catch (XenException e) {
            return Optional.of(new Problem(field, e.detail()));
        }
    }
}
