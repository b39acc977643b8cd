package org.xenemu.guest.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import org.xenemu.error.XenException;
import org.xenemu.guest.GuestDomain;
import org.xenemu.guest.kernel.GuestKernel;
import org.xenemu.guest.kernel.KernelConfig;
import org.xenemu.guest.workload.WorkloadViews.MmapRequest;
import org.xenemu.host.AllocationPolicy;
import org.xenemu.host.Host;
import org.xenemu.toolstack.HostTmem;

/**
 * Random workloads and balloon moves on a real {@link GuestKernel} and {@link Host}: free memory
 * never goes negative, Committed_AS is the exact sum of the mappings' charges, the kernel's
 * counters equal what the segments hold, the host's pages always add up, and a refused request
 * (ENOMEM, EINVAL, ...) leaves every process, mapping, counter and host figure exactly as it was;
 * the segments the frontswap shrink walks are always every mapping's, in the maps' order.
 */
class WorkloadPropertyTest {

    record Op(int kind, int a, int b, int c) {
    }

    /** Sysctl writes: good values, out-of-range, junk, whitespace only and the empty write. */
    static final List<String> SYSCTL_TEXTS = List.of("2", "0\n", "1", "3", "x", "", " \n", "80", "-1", "20000");

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 14),
                Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, 4000),
                Arbitraries.integers().between(0, 7)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(80);
    }

    @Property(tries = 300)
    void invariantsHoldUnderRandomWorkloadAndBalloon(@ForAll("ops") List<Op> ops,
                                                     @ForAll @IntRange(min = 0, max = 2) int mode,
                                                     @ForAll boolean tmem,
                                                     @ForAll @IntRange(min = 0, max = 4000) int swapPages) {
        long maxPfn = 16384; // 64 MiB
        Host host = Host.uniform(40000, 2, 100, AllocationPolicy.NEAREST);
        host.createDomain(1, 0, maxPfn, 12288);
        GuestKernel kernel = new GuestKernel(1, false, maxPfn, 12288,
                new KernelConfig(swapPages * 4L, tmem, false, mode, 50, KernelConfig.AUTO, KernelConfig.AUTO));
        GuestDomain guest = new GuestDomain(kernel, new HostTmem(host, 1), e -> { });
        kernel.setEngines(guest);
        Workload w = guest.workload();
        List<Integer> pids = new ArrayList<>();
        MappingKind[] kinds = MappingKind.values();
        for (Op op : ops) {
            Snapshot before = Snapshot.of(kernel, host, w);
            try {
                switch (op.kind()) {
                    case 0 -> pids.add(w.createProcess("p"));
                    case 1, 2 -> {
                        int pid = pick(pids, op.a());
                        if (pid > 0) {
                            long kib = (1 + op.b() * 4L) * ((op.a() & 8) != 0 ? 4 : 1);
                            w.mmap(pid, new MmapRequest(kinds[op.c() % 3], (op.c() & 4) != 0, (op.a() & 1) == 0,
                                    kib, (op.c() & 2) != 0 && (op.a() & 2) != 0, false), (op.a() & 4) != 0);
                        }
                    }
                    case 3, 4 -> withMapping(w, pids, op, (pid, id) -> w.touch(pid, id, op.b() * 4L));
                    case 5 -> withMapping(w, pids, op, (pid, id) -> w.munmap(pid, id));
                    case 6 -> withMapping(w, pids, op, (pid, id) -> w.change(pid, id, (op.c() & 1) == 0,
                            (op.c() & 2) == 0 ? null : 1 + op.b() * 2L, false));
                    case 7 -> {
                        int pid = pick(pids, op.a());
                        if (pid > 0) {
                            pids.add(w.fork(pid, false));
                        }
                    }
                    case 8 -> {
                        int pid = pick(pids, op.a());
                        if (pid > 0) {
                            w.exit(pid);
                            pids.remove(Integer.valueOf(pid));
                        }
                    }
                    case 9 -> {
                        int pid = pick(pids, op.a());
                        if (pid > 0) {
                            w.brk(pid, op.b() * 4L, true);
                        }
                    }
                    case 10 -> { // balloon down by up to b pages, as the balloon driver does
                        long taken = kernel.takeForBalloon(Math.min(op.b(), 512));
                        host.free(1, taken);
                    }
                    case 11 -> { // balloon up within static-max
                        long want = Math.min(op.b(), maxPfn - kernel.currentPages());
                        long granted = java.util.Arrays.stream(host.allocate(1, want)).sum();
                        kernel.returnFromBalloon(granted);
                    }
                    case 12 -> w.overcommit().write(Overcommit.SYSCTLS.get(op.c() % 5),
                            SYSCTL_TEXTS.get(op.a() % SYSCTL_TEXTS.size()));
                    case 13 -> w.frontswapShrink(op.b() % 64); // frontswap_selfshrink's target
                    default -> { // requests refused before they could do anything
                        int pid = pick(pids, op.a());
                        switch (op.c() % 4) {
                            case 0 -> w.munmap(pid, 1_000_000);
                            case 1 -> w.mmap(pid, new MmapRequest(MappingKind.ANONYMOUS, false, true, 0, false, false),
                                    false);
                            case 2 -> withMapping(w, pids, op, (p, id) -> w.change(p, id, null, null, false));
                            default -> withMapping(w, pids, op, (p, id) -> w.change(p, id, true,
                                    Workload.MAX_MAPPING_KIB + 1, false));
                        }
                    }
                }
            } catch (XenException refused) {
                // refusals are part of the game, and a refused request changes nothing at all
                Statistics.label("refusals").collect(refused.errno());
                assertThat(Snapshot.of(kernel, host, w)).as("state after a refused op %s (%s)", op,
                        refused.getMessage()).isEqualTo(before);
            }
            pids.removeIf(pid -> w.processes().stream().noneMatch(p -> p.pid() == pid)); // OOM victims
            verify(kernel, host, w);
        }
    }

    /** Everything a request could change: the processes and their mappings, the counters, the host's view. */
    record Snapshot(List<WorkloadViews.ProcessView> processes, long committed, long anon, long file, long deviceSwap,
                    long frontswap, long currentPages, long hostOwned, long hostTmem, long hostFree, int mode,
                    int ratio, long kbytes) {
        static Snapshot of(GuestKernel kernel, Host host, Workload w) {
            return new Snapshot(w.processes(), w.committedPages(), kernel.anonPages(), kernel.filePages(),
                    kernel.swapUsedPages(), kernel.frontswapPages(), kernel.currentPages(), host.ownedPages(1),
                    host.tmemPages(1), host.freePages(), w.overcommit().mode(), w.overcommit().ratio(),
                    w.overcommit().kbytes());
        }
    }

    private interface MappingOp {
        void apply(int pid, long id);
    }

    private static void withMapping(Workload w, List<Integer> pids, Op op, MappingOp action) {
        int pid = pick(pids, op.a());
        if (pid <= 0) {
            return;
        }
        var maps = w.process(pid).mappings();
        if (!maps.isEmpty()) {
            action.apply(pid, maps.get(op.c() % maps.size()).id());
        }
    }

    private static int pick(List<Integer> pids, int index) {
        return pids.isEmpty() ? -1 : pids.get(index % pids.size());
    }

    /**
     * Each mapping's charge re-derived from the seed's table and the change rules, independently of
     * how the engine got there: a private mapping is accounted for its whole size or not at all
     * (mremap keeps an accounted one equal to its size); one that is writable without an effective
     * MAP_NORESERVE is accounted (at mmap, or by the mprotect that made it writable); a NORESERVE
     * one never is; the heap always is. A shared mapping carries no charge of its own; its object
     * is charged its size once unless it is a file or NORESERVE took effect.
     */
    private static void verifyChargeRule(Mapping m) {
        String what = (m.shared ? "shared " : "private ") + m.kind + (m.writable ? " rw" : " ro")
                + (m.noreserve ? " noreserve" : "") + (m.heap ? " heap" : "");
        if (m.shared) {
            assertThat(m.ownChargePages).as(what).isZero();
            long expected = m.kind == MappingKind.FILE || m.noreserve ? 0 : m.segment.sizePages;
            assertThat(m.segment.chargePages).as(what).isEqualTo(expected);
            return;
        }
        assertThat(m.ownChargePages).as(what).isIn(0L, m.sizePages);
        if (m.heap || m.writable && !m.noreserve) {
            assertThat(m.ownChargePages).as(what).isEqualTo(m.sizePages);
        }
        if (m.noreserve) {
            assertThat(m.ownChargePages).as(what).isZero();
        }
    }

    private static void verify(GuestKernel kernel, Host host, Workload w) {
        List<Segment> walked = new ArrayList<>();
        for (GuestProcess p : w.allProcesses()) {
            for (Mapping m : p.mappings.values()) {
                walked.add(m.segment);
            }
        }
        assertThat(w.segmentsInOrder()).as("the frontswap shrink's order: every mapping's segment, as the maps hold them")
                .containsExactlyElementsOf(walked);
        long rawFree = kernel.totalramPages() - kernel.slabPages() - kernel.anonPages() - kernel.filePages();
        assertThat(rawFree).as("free").isGreaterThanOrEqualTo(0);
        long charges = 0;
        long anon = 0;
        long mappedFile = 0;
        long frontswap = 0;
        long device = 0;
        Map<Segment, Boolean> seen = new IdentityHashMap<>();
        for (GuestProcess p : w.allProcesses()) {
            for (Mapping m : p.mappings.values()) {
                charges += m.shared ? 0 : m.ownChargePages;
                Segment s = m.segment;
                assertThat(s.residentPages).isGreaterThanOrEqualTo(0);
                verifyChargeRule(m);
                assertThat(s.residentPages + s.swappedPages()).as("pages within the segment")
                        .isLessThanOrEqualTo(s.sizePages);
                if (seen.put(s, Boolean.TRUE) != null) {
                    continue;
                }
                charges += s.chargePages;
                if (s.kind.swapBacked()) {
                    anon += s.residentPages;
                } else {
                    mappedFile += s.residentPages;
                }
                frontswap += s.frontswapPages;
                device += s.deviceSwapPages;
            }
        }
        assertThat(w.committedPages()).as("Committed_AS").isEqualTo(charges);
        assertThat(kernel.committedAsPages()).isEqualTo(charges);
        assertThat(kernel.anonPages()).as("anon").isEqualTo(anon);
        assertThat(kernel.filePages()).as("file").isGreaterThanOrEqualTo(mappedFile);
        assertThat(kernel.frontswapPages()).as("frontswap").isEqualTo(frontswap).isEqualTo(host.tmemPages(1));
        assertThat(kernel.swapUsedPages()).as("device swap").isEqualTo(device);
        assertThat(device + frontswap).isLessThanOrEqualTo(kernel.swapTotalPages());
        assertThat(host.ownedPages(1)).isEqualTo(kernel.currentPages());
        host.verifyConservation();
    }
}
