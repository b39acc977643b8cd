package org.xenemu.toolstack.balancer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * st.ml {@code simulate}: free {@code required} (H = required, tolerance 0, ok: free ≥ required),
 * check that it stays free even if every guest went to target + inaccuracy, consume 500 KiB,
 * rebalance (H = 0, ok: free ≤ 32; the fast path applies when required ≠ 0), check again with 0.
 * Every step of both runs is recorded with its simulated time, for the trace assertions.
 */
final class SqueezeScenario {
    /** One step of a run: the simulated time and what the iteration decided (empty: the fast path). */
    record Step(double seconds, Optional<Iteration> iteration) {
    }

    /** One run of the decider and what the host looked like when it ended. */
    record Phase(List<Step> steps, RunStatus status, double endSeconds, HostSnapshot end) {
        Iteration iteration(int index) {
            return steps.get(index).iteration().orElseThrow();
        }

        long freeKiB() {
            return end.freeKiB();
        }

        /** Target and actual of a domain when the run ended, as {@code "T1161 A1250"}. */
        String domain(int domid) {
            BalancedDomain d = end.domain(domid).orElseThrow();
            return "T" + d.targetKiB() + " A" + d.actualKiB();
        }

        /**
         * The run's story: a line whenever the issued targets or the phase change, a domain is
         * declared inactive or active, or the run ends, e.g.
         * {@code "7.8 freeing γ=0.1210 1→2742 inactive[0]"}, {@code "8.2 success free=1004"}.
         */
        List<String> trace() {
            List<String> lines = new ArrayList<>();
            String previous = "";
            for (Step step : steps) {
                String t = String.format(Locale.ROOT, "%.1f ", step.seconds());
                if (step.iteration().isEmpty()) {
                    lines.add(t + "fast path free=" + end.freeKiB());
                    continue;
                }
                Iteration it = step.iteration().get();
                switch (it.verdict()) {
                    case SUCCESS -> lines.add(t + "success free=" + it.freeKiB());
                    case FAILED -> lines.add(t + "failed free=" + it.freeKiB() + " blamed" + it.blamed()
                            + declarations(it));
                    case ADJUST -> {
                        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s γ=%.4f",
                                it.phase() == Iteration.Phase.FREEING ? "freeing" : "allocation", it.gamma()));
                        it.actions().forEach(a -> line.append(' ').append(a.domid()).append('→').append(a.newTargetKiB()));
                        String key = line.toString();
                        String declared = declarations(it);
                        if (!key.equals(previous) || !declared.isEmpty()) {
                            lines.add(t + key + declared);
                        }
                        previous = key;
                    }
                }
            }
            return lines;
        }

        private static String declarations(Iteration it) {
            return (it.declaredInactive().isEmpty() ? "" : " inactive" + it.declaredInactive())
                    + (it.declaredActive().isEmpty() ? "" : " active" + it.declaredActive());
        }
    }

    final SqueezeSimulator sim;
    final long requiredKiB;
    final SqueezeOptions options;
    Phase first;
    Phase second;
    boolean firstGuaranteed;
    boolean secondGuaranteed;
    /** The exception that ended the simulation early (the simulator's guard, as in scenario f). */
    RuntimeException thrown;

    SqueezeScenario(long requiredKiB, FistPoints fistPoints, long freeKiB, SimulatedGuest... guests) {
        this.sim = new SqueezeSimulator(freeKiB, guests);
        this.requiredKiB = requiredKiB;
        this.options = SqueezeOptions.defaults().withHostFreeTargetKiB(requiredKiB).withFreeMemoryToleranceKiB(0)
                .withLoopIntervalNanos(SqueezeSimulator.TICK_NANOS).withFistPoints(fistPoints);
    }

    SqueezeScenario simulate() {
        try {
            first = drive(SqueezeRun.changeHostFreeMemory(sim, options, requiredKiB, new FreeGoal.AtLeast(requiredKiB)));
            if (!(first.status() instanceof RunStatus.Succeeded)) {
                return this;
            }
            firstGuaranteed = sim.guaranteesFree(requiredKiB);
            sim.freeKiB -= 500;
            second = drive(SqueezeRun.changeHostFreeMemory(sim, options, 0, new FreeGoal.AtMost(32)));
            secondGuaranteed = sim.guaranteesFree(0);
        } catch (IllegalStateException e) {
            thrown = e;
        }
        return this;
    }

    /** squeezed's verdict on the scenario: no exception, both runs succeeded, both checks held. */
    boolean succeeded() {
        return thrown == null && first != null && first.status() instanceof RunStatus.Succeeded && firstGuaranteed
                && second != null && second.status() instanceof RunStatus.Succeeded && secondGuaranteed;
    }

    private Phase drive(SqueezeRun run) {
        List<Step> steps = new ArrayList<>();
        while (true) {
            int before = run.iterations();
            RunStatus status = run.step(sim.nowNanos());
            steps.add(new Step(sim.nowSeconds(),
                    run.iterations() > before ? run.lastIteration() : Optional.empty()));
            if (!(status instanceof RunStatus.Running)) {
                return new Phase(List.copyOf(steps), status, sim.nowSeconds(), sim.snapshot());
            }
            sim.advance();
        }
    }
}
