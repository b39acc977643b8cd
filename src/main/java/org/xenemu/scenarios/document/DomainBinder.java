package org.xenemu.scenarios.document;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.xenemu.error.XenException;
import org.xenemu.scenarios.workload.Nanos;
import org.xenemu.scenarios.workload.WorkloadSpec;
import org.xenemu.selfballoon.SelfballoonTunables;
import org.xenemu.selfballoon.Tunable;
import tools.jackson.databind.JsonNode;

/**
 * A domain group ({@code domains[i]}, or a {@code create} action's {@code domain}): the
 * {@code POST /domains} fields checked as the toolstack checks them, the selfballoon tunables as
 * their sysfs stores check them, the fault, the workloads, and the names it expands to.
 */
final class DomainBinder {
    /** The toolstack names dom0 so; no scenario domain may take the name. */
    static final String DOM0_NAME = "Domain-0";
    static final int MAX_NAME_LENGTH = 64;

    private DomainBinder() {
    }

    static List<DomainPlan> bind(Obj g, HostPlan host) {
        g.verifyOnly(Schema.DOMAIN, "a domain group");
        String name = g.requiredString("name");
        verifyName(name, g.at("name"));
        OptionalLong count = g.integer("count", 1, Limits.MAX_DOMAINS);
        DomainSettings settings = settings(g, host);
        Map<Tunable, String> selfballoon = g.object("selfballoon")
                .map(o -> tunables(o.verifyOnly(Schema.SELFBALLOON, "selfballoon"))).orElse(Map.of());
        Optional<FaultPlan> fault = g.object("fault").map(o -> fault(o.verifyOnly(Schema.FAULT, "fault")));
        List<WorkloadSpec> workload = new ArrayList<>();
        for (Obj.Element e : g.list("workload", Limits.MAX_WORKLOADS_PER_DOMAIN)) {
            workload.add(WorkloadBinder.bind(e.object()));
        }
        int n = (int) count.orElse(1);
        List<DomainPlan> out = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            String instance = n == 1 ? name : name + "-" + i;
            if (instance.length() > MAX_NAME_LENGTH) {
                throw Problems.at(g.at("name"), "makes the domain name " + Problems.quote(instance) + ", longer than "
                        + MAX_NAME_LENGTH + " characters");
            }
            out.add(new DomainPlan(instance, name, g.path(), settings, selfballoon, fault, workload));
        }
        return out;
    }

    static void verifyName(String name, String path) {
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw Problems.at(path, "must be 1 to " + MAX_NAME_LENGTH + " characters");
        }
        if (!name.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw Problems.at(path, "must be printable ASCII without spaces, not " + Problems.quote(name));
        }
        if (name.equals(DOM0_NAME)) {
            throw Problems.at(path, "is dom0's name");
        }
    }

    private static DomainSettings settings(Obj g, HostPlan host) {
        long memory = g.requiredInteger("memoryKiB", 1, Limits.MAX_KIB);
        OptionalLong staticMax = g.integer("staticMaxKiB", 1, Limits.MAX_KIB);
        if (staticMax.isPresent() && staticMax.getAsLong() < memory) {
            throw Problems.at(g.at("staticMaxKiB"), "must be at least memoryKiB (" + memory + "), not "
                    + staticMax.getAsLong());
        }
        GuestType type = GuestType.PV;
        Optional<String> typeText = g.string("type");
        if (typeText.isPresent()) {
            try {
                type = GuestType.valueOf(typeText.get().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw Problems.at(g.at("type"), "must be PV or HVM, not " + Problems.quote(typeText.get()));
            }
        }
        OptionalLong video = g.integer("videoramKiB", 0, Limits.MAX_KIB);
        OptionalInt home = g.smallInteger("homeNode", 0, host.nodes() - 1);
        KernelSettings kernel = g.object("kernel").map(DomainBinder::kernel).orElse(KernelSettings.DEFAULTS);
        OptionalLong dynMin = g.integer("dynamicMinKiB", 0, Limits.MAX_KIB);
        OptionalLong dynMax = g.integer("dynamicMaxKiB", 0, Limits.MAX_KIB);
        DomainSettings s = new DomainSettings(memory, staticMax, type, video, home, kernel, dynMin, dynMax);
        if (s.effectiveVideoramKiB() >= memory) {
            throw Problems.at(g.at(video.isPresent() ? "videoramKiB" : "memoryKiB"), "video memory ("
                    + s.effectiveVideoramKiB() + " KiB) must be below memoryKiB (" + memory + ")");
        }
        verifyDynamicRange(g, "dynamicMinKiB", "dynamicMaxKiB", dynMin, dynMax, s.effectiveStaticMaxKiB());
        return s;
    }

    /** docs/toolstack.md "Dynamic range": both or neither, static-min (0) ≤ min ≤ max ≤ static-max. */
    static void verifyDynamicRange(Obj o, String minName, String maxName, OptionalLong min, OptionalLong max,
                                   long staticMaxKiB) {
        if (min.isPresent() != max.isPresent()) {
            String missing = min.isPresent() ? maxName : minName;
            throw Problems.at(o.at(missing), "is required with " + (min.isPresent() ? minName : maxName)
                    + " (a dynamic range has both ends)");
        }
        if (min.isPresent()) {
            if (min.getAsLong() > max.getAsLong()) {
                throw Problems.at(o.at(minName), "must not be above " + maxName + " (" + max.getAsLong() + ")");
            }
            if (max.getAsLong() > staticMaxKiB) {
                throw Problems.at(o.at(maxName), "must not be above static-max (" + staticMaxKiB + ")");
            }
        }
    }

    private static KernelSettings kernel(Obj k) {
        k.verifyOnly(Schema.KERNEL, "kernel");
        return new KernelSettings(k.integer("swapKiB", 0, Limits.MAX_KIB), k.bool("tmem"), k.bool("nommu"),
                k.smallInteger("overcommitMemory", 0, 2), k.smallInteger("overcommitRatio", 0, Integer.MAX_VALUE),
                k.integer("slabKiB", 0, Limits.MAX_KIB));
    }

    /** Members of {@code o} named as PATCH /selfballoon names them (the caller refused any others). */
    static Map<Tunable, String> tunables(Obj o) {
        Map<Tunable, String> out = new EnumMap<>(Tunable.class);
        for (Tunable t : Tunable.values()) {
            Optional<JsonNode> v = o.raw(t.jsonName());
            if (v.isEmpty()) {
                continue;
            }
            BigInteger value = Obj.bigInteger(v.get(), o.at(t.jsonName()));
            String text = value.toString();
            try {
                SelfballoonTunables.parse(t, text);
            } catch (XenException e) {
                throw Problems.at(o.at(t.jsonName()), e.detail());
            }
            out.put(t, text);
        }
        return out;
    }

    /** Members of {@code o} as PUT /balloon/fault names them (the caller refused any others). */
    static FaultPlan fault(Obj o) {
        FaultPlan.Mode mode = FaultPlan.Mode.NONE;
        Optional<String> modeText = o.string("mode");
        if (modeText.isPresent()) {
            try {
                mode = FaultPlan.Mode.valueOf(modeText.get().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw Problems.at(o.at("mode"), "unknown mode " + Problems.quote(modeText.get())
                        + " (one of none, stuck, intermittent)");
            }
        }
        OptionalLong period = o.seconds("periodSeconds", Nanos.MILLISECOND, Nanos.DAY);
        if (mode == FaultPlan.Mode.INTERMITTENT && period.isEmpty()) {
            throw Problems.at(o.at("periodSeconds"), "is required for mode intermittent");
        }
        if (mode != FaultPlan.Mode.INTERMITTENT && period.isPresent()) {
            throw Problems.at(o.at("periodSeconds"), "applies to mode intermittent only");
        }
        OptionalLong rate = o.integer("rateKiBPerSecond", 1, Limits.MAX_KIB);
        OptionalLong floor = o.integer("floorKiB", 0, Limits.MAX_KIB);
        OptionalLong ceiling = o.integer("ceilingKiB", 0, Limits.MAX_KIB);
        if (floor.isPresent() && ceiling.isPresent() && ceiling.getAsLong() < floor.getAsLong()) {
            throw Problems.at(o.at("ceilingKiB"), "must not be below floorKiB (" + floor.getAsLong() + ")");
        }
        return new FaultPlan(mode, period, rate, floor, ceiling);
    }
}
