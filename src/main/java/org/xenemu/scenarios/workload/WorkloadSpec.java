package org.xenemu.scenarios.workload;

import java.util.List;

/**
 * One entry of a domain's {@code workload} list (docs/scenarios.md "Workloads"). The records hold
 * validated values (the document parser names the field of any bad one; the constructors here
 * only guard the invariants); {@link #start} gives a fresh curve with its own random stream.
 */
public sealed interface WorkloadSpec
        permits WorkloadSpec.Constant, WorkloadSpec.Daily, WorkloadSpec.Spikes, WorkloadSpec.Ramp,
        WorkloadSpec.RandomWalk {

    /** The kinds, as the document spells them, in the order the documentation lists them. */
    List<String> KINDS = List.of("constant", "daily", "spikes", "ramp", "random-walk");

    /** The {@code kind} member that selects this record. */
    String kind();

    /** A new curve at virtual time 0; {@code streamSeed} comes from {@link Seeds#derive}. */
    WorkloadCurve start(long streamSeed);

    /** {@code constant {kib}}: {@code kib} for all t. */
    record Constant(long kib) implements WorkloadSpec {
        public Constant {
            verifyNotNegative(kib, "kib");
        }

        @Override
        public String kind() {
            return "constant";
        }

        @Override
        public WorkloadCurve start(long streamSeed) {
            return new ConstantCurve(kib);
        }
    }

    /**
     * {@code daily {baseKiB, amplitude, peakAt, step}}: a day-long cosine peaking at {@code peakAt}
     * (time of day), held over steps: see {@link DailyCurve}.
     */
    record Daily(long baseKiB, double amplitude, long peakAtNanos, long stepNanos) implements WorkloadSpec {
        public Daily {
            verifyNotNegative(baseKiB, "baseKiB");
            if (!(amplitude >= 0 && amplitude <= 1)) {
                throw new IllegalArgumentException("amplitude must be in [0, 1]: " + amplitude);
            }
            if (peakAtNanos < 0 || peakAtNanos >= Nanos.DAY) {
                throw new IllegalArgumentException("peakAt must be a time of day in [0, 24h)");
            }
            verifyPositive(stepNanos, "step");
        }

        @Override
        public String kind() {
            return "daily";
        }

        @Override
        public WorkloadCurve start(long streamSeed) {
            return new DailyCurve(this);
        }
    }

    /**
     * {@code spikes {perHour, kib, duration}}: Poisson arrivals, each adding {@code kib} for
     * {@code duration}: see {@link SpikesCurve}.
     */
    record Spikes(double perHour, long kib, long durationNanos) implements WorkloadSpec {
        public Spikes {
            if (!(perHour >= 0 && perHour <= SpikesCurve.MAX_PER_HOUR)) {
                throw new IllegalArgumentException("perHour must be in [0, " + SpikesCurve.MAX_PER_HOUR + "]");
            }
            verifyNotNegative(kib, "kib");
            verifyPositive(durationNanos, "duration");
        }

        @Override
        public String kind() {
            return "spikes";
        }

        @Override
        public WorkloadCurve start(long streamSeed) {
            return new SpikesCurve(this, streamSeed);
        }
    }

    /**
     * {@code ramp {fromKiB, toKiB, start, end, step}}: {@code fromKiB} before {@code start}, a
     * straight line held over steps, {@code toKiB} from {@code end} on: see {@link RampCurve}.
     */
    record Ramp(long fromKiB, long toKiB, long startNanos, long endNanos, long stepNanos) implements WorkloadSpec {
        public Ramp {
            verifyNotNegative(fromKiB, "fromKiB");
            verifyNotNegative(toKiB, "toKiB");
            verifyNotNegative(startNanos, "start");
            if (endNanos <= startNanos) {
                throw new IllegalArgumentException("end must be after start");
            }
            verifyPositive(stepNanos, "step");
        }

        @Override
        public String kind() {
            return "ramp";
        }

        @Override
        public WorkloadCurve start(long streamSeed) {
            return new RampCurve(this);
        }
    }

    /**
     * {@code random-walk {kib, stepKiB, every}}: starts at {@code kib}, moves ±{@code stepKiB}
     * every {@code every}, never below 0: see {@link RandomWalkCurve}.
     */
    record RandomWalk(long kib, long stepKiB, long everyNanos) implements WorkloadSpec {
        public RandomWalk {
            verifyNotNegative(kib, "kib");
            verifyNotNegative(stepKiB, "stepKiB");
            verifyPositive(everyNanos, "every");
        }

        @Override
        public String kind() {
            return "random-walk";
        }

        @Override
        public WorkloadCurve start(long streamSeed) {
            return new RandomWalkCurve(this, streamSeed);
        }
    }

    private static void verifyNotNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }

    private static void verifyPositive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
