package org.xenemu.scenarios.document;

import java.math.BigDecimal;
import org.xenemu.scenarios.workload.Nanos;
import org.xenemu.scenarios.workload.WorkloadSpec;

/** One entry of a domain's {@code workload} list, by its {@code kind}. */
final class WorkloadBinder {
    /** The step of daily and ramp curves when the document gives none. */
    static final long DEFAULT_STEP_NANOS = Nanos.MINUTE;
    private static final long MIN = Limits.MIN_WORKLOAD_STEP_NANOS;
    private static final long MAX = Durations.MAX_NANOS;

    private WorkloadBinder() {
    }

    static WorkloadSpec bind(Obj o) {
        String kind = o.requiredString("kind");
        if (!WorkloadSpec.KINDS.contains(kind)) {
            throw Problems.at(o.at("kind"), "unknown kind " + Problems.quote(kind) + " (one of "
                    + String.join(", ", WorkloadSpec.KINDS) + ")");
        }
        o.verifyOnly(Schema.workload(kind), "a " + kind + " workload");
        return switch (kind) {
            case "constant" -> new WorkloadSpec.Constant(kib(o, "kib"));
            case "daily" -> new WorkloadSpec.Daily(kib(o, "baseKiB"),
                    o.requiredDecimal("amplitude", BigDecimal.ZERO, BigDecimal.ONE).doubleValue(),
                    o.requiredDuration("peakAt", 0, Nanos.DAY - Nanos.MILLISECOND),
                    o.duration("step", MIN, MAX).orElse(DEFAULT_STEP_NANOS));
            case "spikes" -> new WorkloadSpec.Spikes(
                    o.requiredDecimal("perHour", BigDecimal.ZERO, BigDecimal.valueOf(3600)).doubleValue(),
                    kib(o, "kib"), o.requiredDuration("duration", MIN, MAX));
            case "ramp" -> ramp(o);
            case "random-walk" -> new WorkloadSpec.RandomWalk(kib(o, "kib"), kib(o, "stepKiB"),
                    o.requiredDuration("every", MIN, MAX));
            default -> throw new IllegalStateException(kind);
        };
    }

    private static WorkloadSpec ramp(Obj o) {
        long from = kib(o, "fromKiB");
        long to = kib(o, "toKiB");
        long start = o.requiredDuration("start", 0, MAX);
        long end = o.requiredDuration("end", 0, MAX);
        if (end <= start) {
            throw Problems.at(o.at("end"), "must be after start (" + Nanos.text(start) + "), not " + Nanos.text(end));
        }
        return new WorkloadSpec.Ramp(from, to, start, end, o.duration("step", MIN, MAX).orElse(DEFAULT_STEP_NANOS));
    }

    private static long kib(Obj o, String member) {
        return o.requiredInteger(member, 0, Limits.MAX_KIB);
    }
}
