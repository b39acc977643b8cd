package org.xenemu.scenarios.document;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xenemu.scenarios.workload.Nanos;
import tools.jackson.databind.JsonNode;

/**
 * A document's tree (without its sweep) to a {@link Scenario}, refusing at the first problem. The
 * order of checks, which decides which problem is reported when there are several: the top level's
 * unknown members, {@code name}, {@code seed}, {@code duration}, {@code sample}, then {@code host},
 * each domain group in order, each action in order, the actions' domain references in time order,
 * and last the size of the series. Within an object, unknown members come first, then members in
 * the order the documentation lists them.
 */
final class DocumentBinder {
    static final long DEFAULT_SAMPLE_NANOS = 60 * Nanos.SECOND;

    private DocumentBinder() {
    }

    static Scenario bind(JsonNode tree) {
        Obj root = Obj.of(tree, "");
        root.verifyOnly(Schema.DOCUMENT, "a scenario document");
        String name = root.requiredString("name");
        if (name.isBlank() || name.length() > 128 || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw Problems.at("name", "must be 1 to 128 characters without control characters, not " + Problems.quote(name));
        }
        long seed = root.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE).orElse(0);
        long duration = root.requiredDuration("duration", Nanos.SECOND, Limits.MAX_DURATION_NANOS);
        long sample = root.duration("sample", Limits.MIN_SAMPLE_NANOS, duration)
                .orElse(Math.min(DEFAULT_SAMPLE_NANOS, duration));
        HostPlan host = root.object("host").map(DocumentBinder::host).orElse(defaultHost());
        List<DomainPlan> domains = new ArrayList<>();
        Map<String, String> owners = new HashMap<>();
        for (Obj.Element e : root.list("domains", Limits.MAX_DOMAINS)) {
            Obj g = e.object();
            List<DomainPlan> group = DomainBinder.bind(g, host);
            for (DomainPlan d : group) {
                String previous = owners.putIfAbsent(d.name(), g.path());
                if (previous != null) {
                    throw Problems.at(g.at("name"), "gives a domain the name " + Problems.quote(d.name())
                            + ", which " + previous + " gives too");
                }
            }
            domains.addAll(group);
            if (domains.size() > Limits.MAX_DOMAINS) {
                throw Problems.at(g.at("count"), "brings the domains to " + domains.size() + "; at most "
                        + Limits.MAX_DOMAINS + " are allowed");
            }
        }
        List<Action> actions = ActionBinder.bind(root, duration, host, domains);
        Scenario scenario = new Scenario(name, seed, duration, sample, host, domains, actions);
        verifySize(scenario);
        return scenario;
    }

    private static void verifySize(Scenario s) {
        int domains = s.domainCountUpperBound();
        if (domains > Limits.MAX_DOMAINS) {
            throw Problems.at("actions", "bring the domains to " + domains + "; at most " + Limits.MAX_DOMAINS
                    + " are allowed");
        }
        long rows = rows(s);
        if (rows > Limits.MAX_ROWS_PER_VARIANT) {
            throw Problems.at("sample", "gives " + s.sampleCount() + " samples × " + (domains + 1) + " rows (the host and "
                    + domains + " domains) = " + rows + " series rows; at most " + Limits.MAX_ROWS_PER_VARIANT
                    + " are allowed: use a longer sample or a shorter duration");
        }
    }

    /** The most series rows a scenario can give: a host row and a row per domain at every sample. */
    static long rows(Scenario s) {
        return (long) s.sampleCount() * (s.domainCountUpperBound() + 1);
    }

    static HostPlan defaultHost() {
        return new HostPlan(HostPlan.DEFAULT_MEMORY_KIB, HostPlan.DEFAULT_NODES, HostPlan.DEFAULT_XEN_KIB,
                HostPlan.DEFAULT_DOM0_KIB, HostPlan.DEFAULT_ALLOCATION_POLICY, BalancerPlan.NONE);
    }

    private static HostPlan host(Obj h) {
        h.verifyOnly(Schema.HOST, "host");
        long memory = h.integer("memoryKiB", 1024, Limits.MAX_KIB).orElse(HostPlan.DEFAULT_MEMORY_KIB);
        int nodes = h.smallInteger("nodes", 1, 64).orElse(HostPlan.DEFAULT_NODES);
        long xen = h.integer("xenKiB", 0, Limits.MAX_KIB).orElse(HostPlan.DEFAULT_XEN_KIB);
        long dom0 = h.integer("dom0KiB", 1, Limits.MAX_KIB).orElse(HostPlan.DEFAULT_DOM0_KIB);
        String policy = h.string("allocationPolicy").orElse(HostPlan.DEFAULT_ALLOCATION_POLICY);
        String normalized = policy.toLowerCase(Locale.ROOT).replace('_', '-');
        if (!normalized.equals("nearest") && !normalized.equals("round-robin")) {
            throw Problems.at(h.at("allocationPolicy"), "must be nearest or round-robin, not " + Problems.quote(policy));
        }
        if (xen + dom0 > memory) {
            throw Problems.at(h.has("dom0KiB") ? h.at("dom0KiB") : h.at("memoryKiB"), "Xen (" + xen + " KiB) and dom0 ("
                    + dom0 + " KiB) do not fit in the host's " + memory + " KiB");
        }
        BalancerPlan balancer = h.object("balancer")
                .map(b -> BalancerBinder.bind(b.verifyOnly(Schema.BALANCER, "balancer"))).orElse(BalancerPlan.NONE);
        return new HostPlan(memory, nodes, xen, dom0, normalized, balancer);
    }
}
