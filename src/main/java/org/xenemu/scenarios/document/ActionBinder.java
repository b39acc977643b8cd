package org.xenemu.scenarios.document;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.xenemu.scenarios.workload.Nanos;
import org.xenemu.selfballoon.Tunable;

/**
 * The {@code actions} list: each action read by its {@code op}, then all of them replayed in time
 * order (ties in document order) over the set of domains alive at each moment, so that an action
 * names only a domain that exists then, a {@code create} takes only a free name, and a
 * {@code mem-set} or {@code dynamic-range} fits the domain's static-max — all before anything runs.
 */
final class ActionBinder {
    private ActionBinder() {
    }

    static List<Action> bind(Obj root, long durationNanos, HostPlan host, List<DomainPlan> initial) {
        List<Action> actions = new ArrayList<>();
        for (Obj.Element e : root.list("actions", Limits.MAX_ACTIONS)) {
            actions.add(action(e.object(), durationNanos, host));
        }
        actions.sort(Comparator.comparingLong(Action::atNanos).thenComparingInt(Action::index));
        verifyReferences(actions, initial);
        return actions;
    }

    private static Action action(Obj a, long durationNanos, HostPlan host) {
        String op = a.requiredString("op");
        if (!Action.OPS.contains(op)) {
            throw Problems.at(a.at("op"), "unknown op " + Problems.quote(op) + " (one of " + String.join(", ", Action.OPS)
                    + ")");
        }
        a.verifyOnly(Schema.action(op), "a " + op + " action");
        long at = a.requiredDuration("at", 0, Durations.MAX_NANOS);
        if (at > durationNanos) {
            throw Problems.at(a.at("at"), "is after the scenario's end (" + Nanos.text(durationNanos) + ")");
        }
        int index = indexOf(a.path());
        return switch (op) {
            case "mem-set" -> new Action.MemSet(at, index, domainName(a), a.requiredInteger("kib", 0, Limits.MAX_KIB));
            case "mem-max" -> new Action.MemMax(at, index, domainName(a), a.requiredInteger("kib", 0, Limits.MAX_KIB));
            case "dynamic-range" -> new Action.DynamicRange(at, index, domainName(a),
                    a.requiredInteger("minKiB", 0, Limits.MAX_KIB), a.requiredInteger("maxKiB", 0, Limits.MAX_KIB));
            case "pressure" -> new Action.Pressure(at, index, a.requiredInteger("kib", 0, Limits.MAX_KIB),
                    a.smallInteger("node", 0, host.nodes() - 1));
            case "create" -> {
                Obj spec = Obj.of(a.required("domain"), a.at("domain"));
                yield new Action.Create(at, index, DomainBinder.bind(spec, host));
            }
            case "destroy" -> new Action.Destroy(at, index, domainName(a));
            case "balancer" -> new Action.SetBalancer(at, index, BalancerBinder.bind(a));
            case "selfballoon" -> {
                String domain = domainName(a);
                Map<Tunable, String> tunables = DomainBinder.tunables(a);
                if (tunables.isEmpty()) {
                    throw Problems.at(a.path(), "sets no tunable (give at least one of "
                            + String.join(", ", Schema.SELFBALLOON) + ")");
                }
                yield new Action.SetSelfballoon(at, index, domain, tunables);
            }
            case "fault" -> new Action.SetFault(at, index, domainName(a), DomainBinder.fault(a));
            case "reserve" -> reserve(a, at, index, host);
            default -> throw new IllegalStateException(op);
        };
    }

    private static Action.Reserve reserve(Obj a, long at, int index, HostPlan host) {
        OptionalLong kib = a.integer("kib", 0, Limits.MAX_KIB);
        OptionalLong min = a.integer("minKiB", 0, Limits.MAX_KIB);
        OptionalLong max = a.integer("maxKiB", 0, Limits.MAX_KIB);
        boolean range = min.isPresent() || max.isPresent();
        if (a.has("domain")) {
            if (kib.isPresent() || range) {
                throw Problems.at(a.at(kib.isPresent() ? "kib" : min.isPresent() ? "minKiB" : "maxKiB"),
                        "is not given with a domain (each domain reserves its memoryKiB)");
            }
            Obj spec = Obj.of(a.required("domain"), a.at("domain"));
            return new Action.Reserve(at, index, kib, min, max, DomainBinder.bind(spec, host));
        }
        if (kib.isPresent() == range) {
            throw Problems.at(a.path(), "give kib, or minKiB and maxKiB, or a domain");
        }
        if (range) {
            if (min.isEmpty() || max.isEmpty()) {
                throw Problems.at(a.at(min.isEmpty() ? "minKiB" : "maxKiB"), "is required with "
                        + (min.isEmpty() ? "maxKiB" : "minKiB"));
            }
            if (min.getAsLong() > max.getAsLong()) {
                throw Problems.at(a.at("minKiB"), "must not be above maxKiB (" + max.getAsLong() + ")");
            }
        }
        return new Action.Reserve(at, index, kib, min, max, List.of());
    }

    private static String domainName(Obj a) {
        String name = a.requiredString("domain");
        if (name.isEmpty()) {
            throw Problems.at(a.at("domain"), "must name a domain");
        }
        return name;
    }

    private static void verifyReferences(List<Action> actions, List<DomainPlan> initial) {
        Map<String, DomainPlan> alive = new HashMap<>();
        for (DomainPlan d : initial) {
            alive.put(d.name(), d);
        }
        for (Action action : actions) {
            String path = "actions[" + action.index() + "]";
            String when = " at " + Nanos.text(action.atNanos());
            List<DomainPlan> born = action instanceof Action.Create c ? c.domains()
                    : action instanceof Action.Reserve r ? r.domains() : List.of();
            if (!born.isEmpty()) {
                for (DomainPlan d : born) {
                    if (alive.containsKey(d.name())) {
                        throw Problems.at(path + ".domain.name", "a domain named " + Problems.quote(d.name())
                                + " exists" + when);
                    }
                    alive.put(d.name(), d);
                }
            } else if (action instanceof Action.Destroy d) {
                alive.remove(existing(alive, d.domain(), path, when).name());
            } else if (action instanceof Action.MemSet m) {
                DomainSettings s = existing(alive, m.domain(), path, when).settings();
                long video = s.effectiveVideoramKiB();
                if (m.kib() < video) {
                    throw Problems.at(path + ".kib", "is below the domain's video memory (" + video + " KiB)");
                }
                if (m.kib() - video > s.effectiveStaticMaxKiB()) {
                    throw Problems.at(path + ".kib", "less video memory is above the domain's static-max ("
                            + s.effectiveStaticMaxKiB() + " KiB)");
                }
            } else if (action instanceof Action.DynamicRange r) {
                DomainSettings s = existing(alive, r.domain(), path, when).settings();
                if (r.minKiB() > r.maxKiB()) {
                    throw Problems.at(path + ".minKiB", "must not be above maxKiB (" + r.maxKiB() + ")");
                }
                if (r.maxKiB() > s.effectiveStaticMaxKiB()) {
                    throw Problems.at(path + ".maxKiB", "must not be above the domain's static-max ("
                            + s.effectiveStaticMaxKiB() + " KiB)");
                }
            } else if (action instanceof Action.MemMax m) {
                existing(alive, m.domain(), path, when);
            } else if (action instanceof Action.SetSelfballoon sb) {
                existing(alive, sb.domain(), path, when);
            } else if (action instanceof Action.SetFault f) {
                existing(alive, f.domain(), path, when);
            }
        }
    }

    private static DomainPlan existing(Map<String, DomainPlan> alive, String name, String path, String when) {
        DomainPlan d = alive.get(name);
        if (d == null) {
            throw Problems.at(path + ".domain", "no domain named " + Problems.quote(name) + " exists" + when);
        }
        return d;
    }

    private static int indexOf(String elementPath) {
        int open = elementPath.lastIndexOf('[');
        return Integer.parseInt(elementPath.substring(open + 1, elementPath.length() - 1));
    }
}
