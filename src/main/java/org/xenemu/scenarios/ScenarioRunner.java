package org.xenemu.scenarios;

import org.xenemu.scenarios.document.Variant;
import org.xenemu.scenarios.series.SeriesRecorder;
import org.xenemu.scenarios.series.VariantSeries;

/**
 * Runs one variant of a scenario on a private host of its own and records its series — the part
 * that drives the emulator. Implementations build the host from {@code variant.scenario().host()},
 * create its domains, apply its actions at their times, turn each domain's workload
 * ({@link org.xenemu.scenarios.document.DomainPlan#startWorkload}) into guest memory in use at every
 * change point, and record a sample at every {@code scenario.sampleTimeNanos(i)} through a
 * {@link SeriesRecorder}.
 *
 * <p>Contract: the same variant gives the same series (every random draw comes from the scenario's
 * seed; nothing reads wall time); {@link ProgressListener#advanced} is called as virtual time
 * passes (at least at every sample); {@link Cancellation#verifyNotCancelled()} is checked often
 * enough that a cancel takes effect within a fraction of a second, and a cancelled run throws
 * {@link ScenarioCancelledException}. Several variants may run at once on different threads, each
 * on its own runner call; an implementation must not share mutable state between calls.
 */
@FunctionalInterface
public interface ScenarioRunner {
    VariantSeries run(Variant variant, ProgressListener progress, Cancellation cancellation);

    /**
     * This runner, allowed to use up to {@code threads} threads for one variant (when a plan has
     * fewer variants than cores, each may use the spare ones). The series must not depend on it.
     * By default one thread: this runner.
     */
    default ScenarioRunner withThreadsPerVariant(int threads) {
        return this;
    }
}
