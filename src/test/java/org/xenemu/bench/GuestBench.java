package org.xenemu.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import org.xenemu.caller.Caller;
import org.xenemu.guest.GuestFacade;
import org.xenemu.guest.kernel.KernelConfig;
import org.xenemu.guest.workload.MappingKind;
import org.xenemu.guest.workload.Overcommit;
import org.xenemu.guest.workload.SimpleGuestMemory;
import org.xenemu.guest.workload.Workload;
import org.xenemu.guest.workload.WorkloadViews.MmapRequest;
import org.xenemu.guest.workload.WorkloadViews.ProcessView;
import org.xenemu.host.AllocationPolicy;
import org.xenemu.selfballoon.SelfballoonOptions;
import org.xenemu.toolstack.DomainSpec;
import org.xenemu.toolstack.DomainType;
import org.xenemu.host.Host;
import org.xenemu.toolstack.MemoryFixture;
import org.xenemu.units.Pages;

/**
 * Guest engine figures: mmap/munmap pairs and touches per second in-process, and a 1,000-domain
 * fleet churning its workload for 24 virtual hours while balloon targets move.
 * {@code ./mvnw -q -Pbench test-compile exec:java -Dbench=org.xenemu.bench.GuestBench}
 */
public final class GuestBench {
    public static void main(String[] args) {
        if (!Boolean.getBoolean("bench.fleetOnly")) {
            mmapPairs();
            touches();
        }
        fleet(args.length > 0 ? Integer.parseInt(args[0]) : 1000, 24);
    }

    static void mmapPairs() {
        Workload w = new Workload(1, new SimpleGuestMemory(262144, 0, 0, false, 0),
                new Overcommit(2, 50, 0, 8192, 131072), false, e -> { });
        int pid = w.createProcess("bench");
        MmapRequest req = new MmapRequest(MappingKind.ANONYMOUS, false, true, 4096, false, false);
        long ops = 0;
        for (int warm = 0; warm < 2; warm++) {
            long start = System.nanoTime();
            ops = 0;
            while (System.nanoTime() - start < 2_000_000_000L) {
                for (int i = 0; i < 1000; i++) {
                    w.munmap(pid, w.mmap(pid, req, false).id());
                }
                ops += 1000;
            }
            if (warm == 1) {
                System.out.printf("mmap+munmap pairs: %,.0f per second%n", ops / ((System.nanoTime() - start) / 1e9));
            }
        }
    }

    static void touches() {
        SimpleGuestMemory mem = new SimpleGuestMemory(65536, 1024, 65536, true, 32768);
        Workload w = new Workload(1, mem, new Overcommit(1, 50, 0, 0, 0), false, e -> { });
        List<int[]> targets = new ArrayList<>();
        for (int p = 0; p < 8; p++) {
            int pid = w.createProcess("p" + p);
            for (int m = 0; m < 4; m++) {
                long id = w.mmap(pid, new MmapRequest(m == 3 ? MappingKind.FILE : MappingKind.ANONYMOUS, false,
                        true, 16384, false, false), false).id();
                targets.add(new int[] {pid, (int) id});
            }
        }
        Random rnd = new Random(1);
        for (int warm = 0; warm < 2; warm++) {
            long start = System.nanoTime();
            long ops = 0;
            while (System.nanoTime() - start < 2_000_000_000L) {
                int[] t = targets.get(rnd.nextInt(targets.size()));
                // 32 mappings of 16 MiB over 252 MiB: touches keep reclaiming and swapping
                w.touch(t[0], t[1], 4L * (1 + rnd.nextInt(4096)));
                ops++;
            }
            if (warm == 1) {
                System.out.printf("touch (with reclaim/swap churn): %,.0f per second%n",
                        ops / ((System.nanoTime() - start) / 1e9));
            }
        }
    }

    static void fleet(int domains, int hours) {
        long domKiB = 65536;
        // the guest engines alone: no selfballoon
        MemoryFixture fx = new MemoryFixture(MemoryFixture.smallSettings()
                .withHost(Pages.toKiB(domains * (2 * domKiB / 4) + 65536), 2, 0, AllocationPolicy.NEAREST)
                .withPublishMeminfo(!Boolean.getBoolean("bench.noPublish"))
                .withSelfballoon(new SelfballoonOptions(false, false, false)));
        Host host = fx.host;
        GuestFacade guests = fx.guests;
        long t0 = System.nanoTime();
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < domains; i++) {
            KernelConfig k = new KernelConfig(16384, i % 2 == 0, false, i % 3, 50, KernelConfig.AUTO, KernelConfig.AUTO);
            ids.add(fx.create(new DomainSpec("d" + i, domKiB, OptionalLong.of(2 * domKiB), DomainType.PV,
                    OptionalLong.empty(), OptionalInt.empty(), k)).domain().domid());
        }
        long created = System.nanoTime();
        Random rnd = new Random(42);
        long ops = 0;
        long refused = 0;
        long targets = 0;
        for (int minute = 0; minute < hours * 60; minute++) {
            for (int j = 0; j < domains / 10; j++) {
                int domid = ids.get(rnd.nextInt(ids.size()));
                try {
                    churn(guests, domid, rnd);
                } catch (org.xenemu.error.XenException e) {
                    refused++;
                }
                ops++;
            }
            for (int j = 0; j < domains / 50; j++) {
                int domid = ids.get(rnd.nextInt(ids.size()));
                long kib = domKiB / 2 + rnd.nextInt((int) (domKiB * 3 / 2));
                fx.setTarget(domid, kib);
                targets++;
            }
            fx.advanceSeconds(60);
        }
        long done = System.nanoTime();
        host.verifyConservation();
        System.out.printf("fleet: %d domains created in %.2f s; %d virtual hours: %,d workload ops (%,d refused), "
                        + "%,d target changes, %,d scheduler task runs in %.2f s wall%n",
                domains, (created - t0) / 1e9, hours, ops, refused, targets, fx.scheduler.taskRuns(),
                (done - created) / 1e9);
    }

    private static void churn(GuestFacade guests, int domid, Random rnd) {
        Caller c = Caller.DOM0;
        List<ProcessView> ps = guests.processes(c, domid);
        int r = rnd.nextInt(10);
        if (ps.size() < 2 || r == 0) {
            guests.createProcess(c, domid, "job");
            return;
        }
        ProcessView p = ps.get(rnd.nextInt(ps.size()));
        if (r == 1 && ps.size() > 4) {
            guests.exit(c, domid, p.pid());
        } else if (r <= 4 || p.mappings().isEmpty()) {
            MappingKind kind = MappingKind.values()[rnd.nextInt(3)];
            guests.mmap(c, domid, p.pid(), new MmapRequest(kind, kind == MappingKind.SHMEM, true,
                    4L * (1 + rnd.nextInt(4096)), false, false));
        } else if (r <= 8) {
            var m = p.mappings().get(rnd.nextInt(p.mappings().size()));
            guests.touch(c, domid, p.pid(), m.id(), m.kib());
        } else {
            var m = p.mappings().get(rnd.nextInt(p.mappings().size()));
            guests.munmap(c, domid, p.pid(), m.id());
        }
    }
}
