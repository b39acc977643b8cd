/**
 * A guest's memory in use over virtual time, as a scenario describes it (docs/scenarios.md
 * "Workloads"): pure, deterministic curves the runner turns into a process's anonymous memory.
 *
 * <p>Every kind is piecewise constant: a curve has a value at each virtual instant
 * ({@link org.xenemu.scenarios.workload.WorkloadCurve#kibAt}) and tells when it may next change
 * ({@link org.xenemu.scenarios.workload.WorkloadCurve#nextChangeAfter}), so a runner with a
 * thousand domains acts only at change points and at samples. Continuous shapes (daily, ramp) are
 * held constant over a {@code step} (60 s unless the document says otherwise), which keeps the
 * number of changes bounded and makes the dynamics independent of the sampling period.
 *
 * <p>Random kinds draw from a {@link java.util.SplittableRandom} seeded by
 * {@link org.xenemu.scenarios.workload.Seeds#derive} from (scenario seed, domain name, workload
 * index): adding a domain or a workload elsewhere leaves every other stream unchanged, and sweep
 * variants that change a policy see exactly the same workloads. Only {@code nextLong()} is used
 * and only {@link java.lang.StrictMath} does transcendental arithmetic, so a document gives the
 * same values on every JVM and platform.
 *
 * <p>Times are virtual nanoseconds since the start of the scenario; sizes are KiB.
 */
@NullMarked
package org.xenemu.scenarios.workload;

import org.jspecify.annotations.NullMarked;
