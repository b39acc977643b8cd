package org.xenemu.scenarios.document;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xenemu.scenarios.workload.DomainWorkload;
import org.xenemu.scenarios.workload.WorkloadSpec;
import org.xenemu.selfballoon.Tunable;

/**
 * One domain to create: a member of a group ({@code web} with {@code count: 3} gives
 * {@code web-1}, {@code web-2}, {@code web-3}; a group without {@code count} or with 1 gives one
 * domain named as the group).
 *
 * @param name        the domain's name on the host
 * @param group       the group's name in the document
 * @param source      where the group is written ({@code domains[0]} or {@code actions[4].domain}),
 *                    for the runner's messages
 * @param selfballoon tunables to set after creation, as decimal texts in attribute order, exactly
 *                    what {@code PATCH /selfballoon} would pass to the sysfs stores (already checked
 *                    by those stores' rules)
 * @param fault       the balloon fault to inject after creation, if any
 * @param workload    the guest's memory in use over time, summed
 */
public record DomainPlan(String name, String group, String source, DomainSettings settings,
                         Map<Tunable, String> selfballoon, Optional<FaultPlan> fault, List<WorkloadSpec> workload) {
    public DomainPlan {
        EnumMap<Tunable, String> tunables = new EnumMap<>(Tunable.class);
        tunables.putAll(selfballoon);
        selfballoon = Collections.unmodifiableMap(tunables);
        workload = List.copyOf(workload);
    }

    /** Fresh workload curves drawing from this domain's streams of {@code seed}. */
    public DomainWorkload startWorkload(long seed) {
        return DomainWorkload.start(workload, seed, name);
    }
}
