package org.xenemu.bench;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.xenemu.caller.Caller;
import org.xenemu.clock.ClockMode;
import org.xenemu.guest.kernel.KernelConfig;
import org.xenemu.guest.workload.MappingKind;
import org.xenemu.guest.workload.WorkloadViews.MmapRequest;
import org.xenemu.host.AllocationPolicy;
import org.xenemu.snapshot.SnapshotFacade;
import org.xenemu.snapshot.SnapshotStore;
import org.xenemu.toolstack.DomainSpec;
import org.xenemu.toolstack.EmulatedHost;
import org.xenemu.toolstack.HostSettings;

/**
 * Snapshot save and restore of N domains with workloads (issue 16 "Benchmarks"): each domain has
 * tmem and swap, three processes (one forked; overcommit modes 0 and 1 alternate, mode 2 would refuse the batch process) with anonymous, file and shared mappings touched
 * until the guest reclaims and swaps, a target off its current size so balloon timers are pending,
 * and an hour of virtual time behind it (selfballoon, meminfo reports). Then, per size, the best
 * of R rounds of: the engines' pause (the capture under the engine lock), serialization (JSON,
 * gzip, SHA-256), the write to disk, the file size, reading it back (checks included), and the
 * restore in place (the lock held for all of it). Prints one table row per size.
 *
 * <pre>./mvnw -q -Pbench test-compile exec:java -Dbench=org.xenemu.bench.SnapshotBench -Dexec.args="10,100,1000 5"</pre>
 */
public final class SnapshotBench {
    public static void main(String[] args) throws Exception {
        String[] sizes = (args.length > 0 ? args[0] : "10,100,1000").split(",");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Files.createTempDirectory("xenemu-snapshot-bench");
        System.out.printf(Locale.ROOT, "%8s %9s %10s %11s %9s %10s %9s %11s %10s%n", "domains", "xs nodes",
                "pause ms", "serialize", "write ms", "file KiB", "read ms", "restore ms", "heap MiB");
        for (String s : sizes) {
            run(Integer.parseInt(s.trim()), rounds, dir);
        }
    }

    static void run(int domains, int rounds, Path dir) {
        long kibPerDomain = 131072;
        HostSettings settings = HostSettings.defaults().withClockMode(ClockMode.MANUAL)
                .withHost(domains * kibPerDomain * 2 + (4L << 20), 2, 65536, AllocationPolicy.NEAREST)
                .withMaxIntroducedDomains(0).withEventHistory(1000);
        EmulatedHost host = EmulatedHost.create(settings);
        for (int i = 0; i < domains; i++) {
            int domid = host.toolstack().create(Caller.DOM0, DomainSpec.pv("d" + i, kibPerDomain)
                    .withStaticMaxKiB(kibPerDomain * 2)
                    .withKernel(new KernelConfig(65536, true, false, i % 2, 50, KernelConfig.AUTO, KernelConfig.AUTO)))
                    .domain().domid();
            workload(host, domid);
        }
        host.clock().advanceSeconds(Caller.DOM0, BigDecimal.valueOf(3600));
        for (int i = 1; i <= domains; i++) {
            host.toolstack().setTarget(Caller.DOM0, i, kibPerDomain + 4096 * (i % 7));
        }
        host.toolstack().setPressure(Caller.DOM0, Long.MAX_VALUE / 4096, java.util.OptionalInt.empty());
        host.clock().advanceJiffies(Caller.DOM0, 1);
        SnapshotFacade snapshots = new SnapshotFacade(host, new SnapshotStore(dir), () -> { }, System::nanoTime);
        long best = Long.MAX_VALUE;
        long bestSerialize = Long.MAX_VALUE;
        long bestWrite = Long.MAX_VALUE;
        long bestRead = Long.MAX_VALUE;
        long bestRestore = Long.MAX_VALUE;
        long bytes = 0;
        for (int r = 0; r < rounds; r++) {
            snapshots.saveAs("bench");
            SnapshotFacade.Timing t = snapshots.lastSave();
            best = Math.min(best, t.pauseNanos());
            bestSerialize = Math.min(bestSerialize, t.serializeNanos());
            bestWrite = Math.min(bestWrite, t.writeNanos());
            bytes = t.bytes();
            byte[] file = snapshots.file(Caller.DOM0, "bench");
            long t0 = System.nanoTime();
            var read = org.xenemu.snapshot.SnapshotFormat.read(file);
            long t1 = System.nanoTime();
            host.restore(read.state());
            long t2 = System.nanoTime();
            bestRead = Math.min(bestRead, t1 - t0);
            bestRestore = Math.min(bestRestore, t2 - t1);
        }
        // where the pause goes: the host's pool, the domains' engines, the rest (xenstore, tokens)
        long bestHost = Long.MAX_VALUE;
        long bestDomains = Long.MAX_VALUE;
        long bestAll = Long.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            host.host().capture();
            long t1 = System.nanoTime();
            host.scheduler().locked(() -> {
                for (var d : host.registry().all()) {
                    int domid = d.domid();
                    host.balloons().capture(domid);
                    host.guests().capture(domid);
                    host.selfballoons().capture(domid);
                }
            });
            long t2 = System.nanoTime();
            host.capture();
            long t3 = System.nanoTime();
            bestHost = Math.min(bestHost, t1 - t0);
            bestDomains = Math.min(bestDomains, t2 - t1);
            bestAll = Math.min(bestAll, t3 - t2);
        }
        System.out.printf(Locale.ROOT, "%8s pause parts (best of %d): host pool %.1f ms, balloon + guest + selfballoon engines %.1f ms, whole %.1f ms%n",
                "", rounds, bestHost / 1e6, bestDomains / 1e6, bestAll / 1e6);
        int nodes = host.capture().xenstore().nodes().size();
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long heap = rt.totalMemory() - rt.freeMemory();
        System.out.printf(Locale.ROOT, "%8d %9d %10.1f %11.1f %9.1f %10d %9.1f %11.1f %10d%n", domains, nodes,
                best / 1e6, bestSerialize / 1e6, bestWrite / 1e6, bytes / 1024, bestRead / 1e6, bestRestore / 1e6,
                heap >> 20);
    }

    private static void workload(EmulatedHost host, int domid) {
        int a = host.guests().createProcess(Caller.DOM0, domid, "app");
        var anon = host.guests().mmap(Caller.DOM0, domid, a,
                new MmapRequest(MappingKind.ANONYMOUS, false, true, 40960, false, false));
        var file = host.guests().mmap(Caller.DOM0, domid, a,
                new MmapRequest(MappingKind.FILE, false, false, 20480, false, false));
        var shm = host.guests().mmap(Caller.DOM0, domid, a,
                new MmapRequest(MappingKind.SHMEM, true, true, 8192, false, false));
        host.guests().touch(Caller.DOM0, domid, a, anon.id(), 40960);
        host.guests().touch(Caller.DOM0, domid, a, file.id(), 20480);
        host.guests().touch(Caller.DOM0, domid, a, shm.id(), 8192);
        int child = host.guests().fork(Caller.DOM0, domid, a);
        int b = host.guests().createProcess(Caller.DOM0, domid, "batch");
        var big = host.guests().mmap(Caller.DOM0, domid, b,
                new MmapRequest(MappingKind.ANONYMOUS, false, true, 65536, false, false));
        host.guests().touch(Caller.DOM0, domid, b, big.id(), 65536);
        host.guests().brk(Caller.DOM0, domid, child, 4096);
    }
}
