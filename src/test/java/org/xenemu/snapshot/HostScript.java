package org.xenemu.snapshot;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.xenemu.caller.Caller;
import org.xenemu.clock.ClockMode;
import org.xenemu.error.XenException;
import org.xenemu.events.EventBus;
import org.xenemu.balloon.BalloonFault;
import org.xenemu.guest.kernel.KernelConfig;
import org.xenemu.guest.workload.MappingKind;
import org.xenemu.guest.workload.WorkloadViews.MmapRequest;
import org.xenemu.guest.workload.WorkloadViews.ProcessView;
import org.xenemu.host.AllocationPolicy;
import org.xenemu.selfballoon.Tunable;
import org.xenemu.toolstack.DomainSpec;
import org.xenemu.toolstack.DomainType;
import org.xenemu.toolstack.DomainView;
import org.xenemu.toolstack.EmulatedHost;
import org.xenemu.toolstack.HostSettings;
import org.xenemu.toolstack.balancer.BalancerChange;
import org.xenemu.toolstack.balancer.BalancerSettings;
import org.xenemu.toolstack.balancer.Policy;
import org.xenemu.toolstack.balancer.ReservationRequest;
import org.xenemu.toolstack.balancer.ReservationView;
import org.xenemu.xenstore.WatchSink;
import org.xenemu.xenstore.XsConnection;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Random operations on an {@link EmulatedHost} through its doors, and a recorder of everything a
 * user could see: after each operation every JSON view (domains with their balloon, meminfo and
 * selfballoon views, the host, each guest's processes and /proc/meminfo, the xenstore tree with
 * permissions and generation counts) and every event published. Two runs of the same operations
 * give equal records exactly when the hosts behave the same.
 */
final class HostScript {
    /** One operation: {@code kind} picks what, {@code a}, {@code b}, {@code c} parameterise it. */
    record Op(int kind, int a, int b, int c) {
        static final int KINDS = 20;
        /** Not drawn at random: a guest of {@code b} MiB with the dynamic range [b/2, b] MiB, static-max 2b. */
        static final int CREATE_RANGED = 100;
    }

    static final ObjectMapper JSON = JsonMapper.builder().build();

    static HostSettings settings() {
        return settings(Policy.NONE);
    }

    /** The same host with the balancer's {@code policy} running from the start. */
    static HostSettings settings(Policy policy) {
        return HostSettings.defaults().withBalancer(BalancerSettings.DEFAULTS.withPolicy(policy)).withClockMode(ClockMode.MANUAL)
                .withHost(1L << 20, 2, 8192, AllocationPolicy.NEAREST).withDom0KiB(131072).withEventHistory(50_000);
    }

    private HostScript() {
    }

    /** Applies {@code ops} to {@code host}, appending what happened to {@code record}. */
    static void run(EmulatedHost host, List<Op> ops, List<String> record) {
        EventBus.Subscription sub = host.events().subscribe(host.events().lastSeq(), e -> {
            synchronized (record) {
                record.add("event " + JSON.writeValueAsString(e));
            }
        });
        try {
            int i = 0;
            for (Op op : ops) {
                String outcome;
                try {
                    outcome = apply(host, op, i++);
                } catch (XenException e) {
                    outcome = "refused " + e.errno() + " " + e.getMessage();
                }
                synchronized (record) {
                    record.add(op + " -> " + outcome);
                    record.add(views(host));
                }
            }
        } finally {
            sub.cancel().run();
        }
    }

    private static String apply(EmulatedHost host, Op op, int index) {
        List<DomainView> domains = host.toolstack().list(Caller.DOM0);
        DomainView some = domains.get(Math.floorMod(op.a(), domains.size()));
        int domid = some.domid();
        switch (op.kind()) {
            case 0 -> {
                long mem = 32768 + Math.floorMod(op.b(), 32) * 2048L;
                KernelConfig kernel = new KernelConfig(Math.floorMod(op.c(), 3) * 16384L, op.c() % 2 == 0, false,
                        Math.floorMod(op.c(), 3), 50, KernelConfig.AUTO, KernelConfig.AUTO);
                DomainSpec spec = DomainSpec.pv("d" + op.a() + "-" + index, mem).withStaticMaxKiB(mem * 2)
                        .withKernel(kernel);
                if (op.b() % 5 == 0) {
                    spec = spec.withType(DomainType.HVM, 8192);
                }
                return "created " + host.toolstack().create(Caller.DOM0, spec).domain().domid();
            }
            case 1 -> {
                host.toolstack().destroy(Caller.DOM0, domid);
                return "destroyed " + domid;
            }
            case 2 -> {
                host.toolstack().setTarget(Caller.DOM0, domid, Math.floorMod(op.b(), some.staticMaxKiB() + 1));
                return "mem-set";
            }
            case 3 -> {
                host.toolstack().setMax(Caller.DOM0, domid, some.currentKiB() + Math.floorMod(op.b(), 65536));
                return "mem-max";
            }
            case 4 -> {
                host.toolstack().setPressure(Caller.DOM0, Math.floorMod(op.b(), 600_000),
                        op.c() % 3 == 2 ? OptionalInt.empty() : OptionalInt.of(Math.floorMod(op.c(), 2)));
                return "pressure";
            }
            case 5 -> {
                int pid = host.guests().createProcess(Caller.DOM0, domid, "p" + index);
                var mapped = host.guests().mmap(Caller.DOM0, domid, pid,
                        new MmapRequest(MappingKind.values()[Math.floorMod(op.c(), 3)], op.c() % 4 == 0, true,
                                4096 + Math.floorMod(op.b(), 40_000), false, false));
                return "process " + pid + " mapping " + mapped.id();
            }
            case 6 -> {
                List<ProcessView> ps = host.guests().processes(Caller.DOM0, domid);
                if (ps.isEmpty()) {
                    return "no process";
                }
                ProcessView p = ps.get(Math.floorMod(op.b(), ps.size()));
                if (p.mappings().isEmpty()) {
                    return "no mapping";
                }
                long id = p.mappings().get(Math.floorMod(op.c(), p.mappings().size())).id();
                return "touched " + JSON.writeValueAsString(host.guests().touch(Caller.DOM0, domid, p.pid(), id,
                        Math.floorMod(op.b(), 60_000)));
            }
            case 7 -> {
                List<ProcessView> ps = host.guests().processes(Caller.DOM0, domid);
                if (ps.isEmpty()) {
                    return "no process";
                }
                int pid = ps.get(Math.floorMod(op.b(), ps.size())).pid();
                return op.c() % 2 == 0 ? "forked " + host.guests().fork(Caller.DOM0, domid, pid)
                        : exit(host, domid, pid);
            }
            case 8 -> {
                host.balloons().write(Caller.DOM0, domid, "target_kb",
                        Long.toString(Math.floorMod(op.b(), 200_000)).getBytes(StandardCharsets.US_ASCII));
                return "sysfs target_kb";
            }
            case 9 -> {
                Tunable t = Tunable.values()[Math.floorMod(op.c(), Tunable.values().length)];
                long v = t.isSwitch() ? Math.floorMod(op.b(), 2) : 1 + Math.floorMod(op.b(), 8);
                host.selfballoons().patch(Caller.DOM0, domid, Map.of(t, Long.toString(v)));
                return "selfballoon " + t.fileName() + "=" + v;
            }
            case 10 -> {
                try (XsConnection c = host.xenstore().connect(domid, domid == 0, WatchSink.DISCARD)) {
                    c.write(0, "data/script-" + Math.floorMod(op.b(), 4),
                            ("v" + op.c()).getBytes(StandardCharsets.US_ASCII));
                }
                return "xenstore write by " + domid;
            }
            case 11 -> {
                host.guests().writeSysctl(Caller.DOM0, domid, "overcommit_memory", Math.floorMod(op.b(), 3) + "\n");
                return "sysctl";
            }
            case 12 -> {
                host.clock().advanceJiffies(Caller.DOM0, Math.floorMod(op.b(), 3000));
                return "advanced";
            }
            case Op.CREATE_RANGED -> {
                long mem = op.b() * 1024L;
                DomainSpec spec = DomainSpec.pv("ranged-" + op.a() + "-" + index, mem).withStaticMaxKiB(mem * 2)
                        .withDynamicRange(mem / 2, mem);
                return "created " + host.toolstack().create(Caller.DOM0, spec).domain().domid();
            }
            case 13 -> {
                host.clock().advanceSeconds(Caller.DOM0, BigDecimal.valueOf(Math.floorMod(op.b(), 200)));
                return "advanced seconds";
            }
            case 14 -> {
                Policy p = Policy.values()[Math.floorMod(op.b(), Policy.values().length)];
                BalancerChange change = new BalancerChange(Optional.of(p),
                        op.c() % 2 == 0 ? OptionalLong.empty() : OptionalLong.of(1 + Math.floorMod(op.c(), 20)),
                        op.c() % 3 == 0 ? OptionalLong.of(Math.floorMod(op.c(), 200_000)) : OptionalLong.empty());
                return "balancer " + JSON.writeValueAsString(host.balancer().configure(Caller.DOM0, change));
            }
            case 15 -> {
                ReservationRequest request = op.c() % 2 == 0
                        ? new ReservationRequest(OptionalLong.of(Math.floorMod(op.b(), 400_000)), OptionalLong.empty(),
                        OptionalLong.empty())
                        : new ReservationRequest(OptionalLong.empty(), OptionalLong.of(Math.floorMod(op.b(), 100_000)),
                        OptionalLong.of(100_000 + Math.floorMod(op.c(), 300_000)));
                return "reserved " + JSON.writeValueAsString(host.balancer().reserve(Caller.DOM0, request));
            }
            case 16 -> {
                List<ReservationView> rs = host.balancer().reservations(Caller.DOM0);
                if (rs.isEmpty()) {
                    return "no reservation";
                }
                ReservationView r = rs.get(Math.floorMod(op.b(), rs.size()));
                if (op.c() % 2 == 0 && "ready".equals(r.state()) && r.kib() != null) {
                    long mem = Math.max(16384, r.kib());
                    DomainSpec spec = DomainSpec.pv("from-" + r.id() + "-" + index, mem).withStaticMaxKiB(mem)
                            .withReservation(r.id());
                    return "created from " + r.id() + ": " + host.toolstack().create(Caller.DOM0, spec).domain().domid();
                }
                host.balancer().release(Caller.DOM0, r.id());
                return "released " + r.id();
            }
            case 17 -> {
                BalloonFault fault = switch (Math.floorMod(op.b(), 5)) {
                    case 0 -> BalloonFault.NONE;
                    case 1 -> new BalloonFault(BalloonFault.Mode.STUCK, OptionalLong.empty(), OptionalLong.empty(),
                            OptionalLong.empty(), OptionalLong.empty());
                    case 2 -> new BalloonFault(BalloonFault.Mode.INTERMITTENT,
                            OptionalLong.of((1 + Math.floorMod(op.c(), 30)) * 1_000_000_000L), OptionalLong.empty(),
                            OptionalLong.empty(), OptionalLong.empty());
                    case 3 -> new BalloonFault(BalloonFault.Mode.NONE, OptionalLong.empty(),
                            OptionalLong.of(1 + Math.floorMod(op.c(), 5000)), OptionalLong.empty(), OptionalLong.empty());
                    default -> new BalloonFault(BalloonFault.Mode.NONE, OptionalLong.empty(), OptionalLong.empty(),
                            OptionalLong.of(16384 + Math.floorMod(op.c(), 30000)), OptionalLong.empty());
                };
                return "fault " + JSON.writeValueAsString(host.balloons().setFault(Caller.DOM0, domid, fault));
            }
            case 18 -> {
                long min = Math.floorMod(op.b(), (int) Math.max(1, some.staticMaxKiB()));
                long max = min + Math.floorMod(op.c(), (int) Math.max(1, some.staticMaxKiB() - min + 1));
                host.toolstack().setDynamicRange(Caller.DOM0, domid, min, max);
                return "dynamic range " + min + ".." + max;
            }
            default -> {
                // a guest that stops or resumes cooperating while squeezed works: its own target in xenstore
                try (XsConnection c = host.xenstore().connect(0, true, WatchSink.DISCARD)) {
                    c.write(0, "/local/domain/" + domid + "/memory/target",
                            Long.toString(Math.floorMod(op.b(), 200_000)).getBytes(StandardCharsets.US_ASCII));
                }
                return "xenstore target by dom0";
            }
        }
    }

    private static String exit(EmulatedHost host, int domid, int pid) {
        host.guests().exit(Caller.DOM0, domid, pid);
        return "exited " + pid;
    }

    /** Every view a user sees, as one JSON text. */
    static String views(EmulatedHost host) {
        List<Object> all = new ArrayList<>();
        all.add(host.clock().read());
        all.add(host.toolstack().host(Caller.DOM0));
        List<DomainView> domains = host.toolstack().list(Caller.DOM0);
        all.add(domains);
        for (DomainView d : domains) {
            all.add(host.guests().processes(Caller.DOM0, d.domid()));
            all.add(host.guests().procMeminfo(Caller.DOM0, d.domid()));
            all.add(host.balloons().view(Caller.DOM0, d.domid()));
            all.add(host.selfballoons().view(Caller.DOM0, d.domid()));
            all.add(host.xenstore().quota(d.domid()));
        }
        all.add(tree(host));
        all.add(host.xenstore().introducedDomains());
        all.add(host.scheduler().pendingTasks());
        all.add(host.balancer().view(Caller.DOM0));
        all.add(host.balancer().reservations(Caller.DOM0));
        return JSON.writeValueAsString(all);
    }

    /** The xenstore tree as dom0 sees it: path, value, permissions and generation of every node. */
    static List<String> tree(EmulatedHost host) {
        List<String> out = new ArrayList<>();
        try (XsConnection c = host.xenstore().connect(0, true, WatchSink.DISCARD)) {
            walk(c, "/", out);
        }
        return out;
    }

    private static void walk(XsConnection c, String path, List<String> out) {
        out.add(path + "=" + new String(c.read(0, path), StandardCharsets.ISO_8859_1) + " " + c.getPerms(0, path)
                + " g" + c.directoryPart(0, path, 0).generation());
        for (String child : c.children(0, path)) {
            walk(c, path.equals("/") ? "/" + child : path + "/" + child, out);
        }
    }
}
