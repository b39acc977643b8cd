package org.xenemu.scenarios.document;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.xenemu.selfballoon.Tunable;

/**
 * What a toolstack or an operator does at a virtual time. A scenario's actions are in time order,
 * ties in document order; {@link #index()} is the action's place in the document's
 * {@code actions} list (for messages: {@code actions[3]}). Every domain named exists at that time
 * (created at the start or by an earlier {@code create}, not yet destroyed).
 */
public sealed interface Action {
    List<String> OPS = List.of("mem-set", "mem-max", "dynamic-range", "pressure", "create", "destroy", "balancer",
            "selfballoon", "fault", "reserve");

    long atNanos();

    int index();

    /** The {@code op} as the document spells it. */
    String op();

    /** {@code xl mem-set}: {@code PUT /domains/{domid}/memory/target}. */
    record MemSet(long atNanos, int index, String domain, long kib) implements Action {
        public String op() {
            return "mem-set";
        }
    }

    /** {@code xl mem-max}: {@code PUT /domains/{domid}/memory/max}. */
    record MemMax(long atNanos, int index, String domain, long kib) implements Action {
        public String op() {
            return "mem-max";
        }
    }

    /** {@code PUT /domains/{domid}/memory/dynamic-range}. */
    record DynamicRange(long atNanos, int index, String domain, long minKiB, long maxKiB) implements Action {
        public String op() {
            return "dynamic-range";
        }
    }

    /** {@code PUT /host/pressure}: the host holds {@code kib} away from everyone (absolute). */
    record Pressure(long atNanos, int index, long kib, OptionalInt node) implements Action {
        public String op() {
            return "pressure";
        }
    }

    /** {@code POST /domains} for each domain of the group (then its selfballoon, fault, workload). */
    record Create(long atNanos, int index, List<DomainPlan> domains) implements Action {
        public Create {
            domains = List.copyOf(domains);
        }

        public String op() {
            return "create";
        }
    }

    /**
     * {@code POST /host/reservations}, as a toolstack asks the balancer for memory before it builds
     * a domain (xenopsd's {@code reserve_memory}): {@code kib}, or a range {@code minKiB..maxKiB}, held
     * until the end; or, with a domain group, one reservation per domain of its memoryKiB, the
     * domain built from it ({@code POST /domains} with {@code reservationId}) as soon as it is ready,
     * and never if it fails.
     */
    record Reserve(long atNanos, int index, OptionalLong kib, OptionalLong minKiB, OptionalLong maxKiB,
                   List<DomainPlan> domains) implements Action {
        public Reserve {
            domains = List.copyOf(domains);
        }

        public String op() {
            return "reserve";
        }
    }

    /** {@code DELETE /domains/{domid}}. */
    record Destroy(long atNanos, int index, String domain) implements Action {
        public String op() {
            return "destroy";
        }
    }

    /** {@code PUT /host/balancer}. */
    record SetBalancer(long atNanos, int index, BalancerPlan balancer) implements Action {
        public String op() {
            return "balancer";
        }
    }

    /** {@code PATCH /domains/{domid}/selfballoon}: decimal texts, already checked by the stores' rules. */
    record SetSelfballoon(long atNanos, int index, String domain, Map<Tunable, String> tunables) implements Action {
        public SetSelfballoon {
            EnumMap<Tunable, String> copy = new EnumMap<>(Tunable.class);
            copy.putAll(tunables);
            tunables = Collections.unmodifiableMap(copy);
        }

        public String op() {
            return "selfballoon";
        }
    }

    /** {@code PUT /domains/{domid}/balloon/fault}. */
    record SetFault(long atNanos, int index, String domain, FaultPlan fault) implements Action {
        public String op() {
            return "fault";
        }
    }
}
