package org.xenemu.toolstack.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.xenemu.balloon.BalloonFault;
import org.xenemu.caller.Caller;
import org.xenemu.error.XenException;
import org.xenemu.guest.workload.MappingKind;
import org.xenemu.guest.workload.WorkloadViews;
import org.xenemu.toolstack.Domain;
import org.xenemu.toolstack.DomainSpec;

/**
 * squeezed on a live host under random ranges, balloon faults, guest workloads, reservations (kib
 * and ranges, released or built from), creates and destroys, with the clock moving in between:
 * host pages are conserved and every domain's pages agree with its kernel after every step; no
 * target the decider writes lies outside that domain's dynamic range as it is when written (a range
 * committed before an iteration is the one it uses, even in the same jiffy: issue 13, seed
 * -6394959291654578049); and once the faults are lifted and time passes, every reservation has
 * settled — ready, transferred, or failed with errno and reason — and every domain's target lies
 * within its range.
 *
 * <p>When a target may lie outside its range, as in squeezed: a range lowered below (or raised
 * above) a domain's current target leaves that target where it is until squeezed next decides for
 * the domain — the next iteration of a running call, or the periodic check (10 s), which finds the
 * host unbalanced since the proportional target differs. A domain declared stuck keeps its clipped
 * target through the rest of that call. No target is written outside the range at any time.
 */
class BalancerPropertyTest {
    static final long M = 1024;

    record Op(int kind, int a, int b) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        // kinds: 0 create, 1 destroy, 2 range, 3 fault, 4 workload, 5 reserve, 6 release, 7 advance
        Arbitrary<Integer> kind = Arbitraries.frequency(Tuple.of(25, 0), Tuple.of(5, 1), Tuple.of(8, 2),
                Tuple.of(12, 3), Tuple.of(8, 4), Tuple.of(15, 5), Tuple.of(5, 6), Tuple.of(22, 7));
        Arbitrary<Op> op = Combinators.combine(kind, Arbitraries.integers().between(0, 1_000_000),
                Arbitraries.integers().between(0, 1_000_000)).as(Op::new);
        return op.list().ofMinSize(10).ofMaxSize(60);
    }

    @Property(tries = 30)
    void pagesAreConservedTargetsStayInRangeAndEveryReservationSettles(@ForAll("ops") List<Op> ops) {
        BalancerFixture b = new BalancerFixture(4096 * M, BalancerSettings.DEFAULTS.withPolicy(Policy.SQUEEZED));
        Map<Integer, long[]> ranges = new HashMap<>();
        List<String> reservations = new ArrayList<>();
        int names = 0;
        int checkedEvents = 0;
        for (Op op : ops) {
            List<Domain> guests = b.f.registry.all().stream().filter(d -> !d.isDom0()).toList();
            Domain some = guests.isEmpty() ? null : guests.get(op.a() % guests.size());
            try {
                switch (op.kind()) {
                    case 0 -> {
                        long mem = (64 + op.a() % 448) * M;
                        long max = mem + (op.b() % 256) * M;
                        long min = Math.max(32 * M, mem - (op.b() % 512) * M);
                        String reservation = null;
                        if (op.b() % 3 == 0) {
                            reservation = readyReservation(b, reservations);
                        }
                        DomainSpec spec = DomainSpec.pv("d" + names++, mem).withStaticMaxKiB(max).withDynamicRange(min, max);
                        Domain d = b.f.create(reservation == null ? spec : spec.withReservation(reservation)).domain();
                        ranges.put(d.domid(), new long[] {min, max});
                    }
                    case 1 -> {
                        if (some != null) {
                            b.f.destroy(some.domid());
                            ranges.remove(some.domid());
                        }
                    }
                    case 2 -> {
                        if (some != null) {
                            long max = some.staticMaxKiB() - (op.b() % 64) * M;
                            long min = Math.max(16 * M, max - (op.a() % 512) * M);
                            b.f.toolstack.setDynamicRange(Caller.DOM0, some.domid(), min, max);
                            ranges.put(some.domid(), new long[] {min, max});
                        }
                    }
                    case 3 -> {
                        if (some != null) {
                            b.fault(some, fault(op));
                        }
                    }
                    case 4 -> {
                        if (some != null) {
                            int pid = b.f.guests.createProcess(Caller.DOM0, some.domid(), "w");
                            long kib = (op.b() % 256) * M;
                            WorkloadViews.Mapped m = b.f.guests.mmap(Caller.DOM0, some.domid(), pid,
                                    new WorkloadViews.MmapRequest(MappingKind.ANONYMOUS, false, true, kib, false, false));
                            b.f.guests.touch(Caller.DOM0, some.domid(), pid, m.id(), kib);
                        }
                    }
                    case 5 -> reservations.add(op.b() % 2 == 0
                            ? b.reserve((op.a() % 2048) * M).id()
                            : b.balancer.reserve(Caller.DOM0, ReservationRequest.range((op.a() % 512) * M,
                                    (op.a() % 512 + op.b() % 512) * M)).id());
                    case 6 -> {
                        if (!reservations.isEmpty()) {
                            b.balancer.release(Caller.DOM0, reservations.remove(op.a() % reservations.size()));
                        }
                    }
                    default -> b.f.advanceSeconds(1 + op.b() % 30);
                }
            } catch (XenException expected) {
                // refusals (ENOMEM, EINVAL, EBUSY) are part of the game; they must change nothing
            }
            verify(b);
            checkedEvents = verifyTargetsInRange(b, ranges, checkedEvents);
        }
        for (Domain d : b.f.registry.all()) {
            b.fault(d, BalloonFault.NONE);
        }
        b.f.advanceSeconds(600);
        verify(b);
        verifyTargetsInRange(b, ranges, checkedEvents);
        for (Domain d : b.f.registry.all()) {
            long[] range = ranges.get(d.domid());
            if (range != null) {
                assertThat(b.target(d)).as("settled target of domain %s", d.domid()).isBetween(range[0], range[1]);
            }
        }
        for (ReservationView r : b.balancer.reservations(Caller.DOM0)) {
            assertThat(r.state()).as("reservation %s", r.id()).isIn("ready", "failed", "transferred");
            if (r.state().equals("failed")) {
                assertThat(r.errno()).isEqualTo("ENOMEM");
                assertThat(r.reason()).isIn("cannot-free", "domains-refused");
                assertThat(r.detail()).isNotBlank();
            }
        }
    }

    private static String readyReservation(BalancerFixture b, List<String> ids) {
        for (String id : ids) {
            if (b.reservation(id).state().equals("ready")) {
                return id;
            }
        }
        return "r-none";
    }

    private static BalloonFault fault(Op op) {
        OptionalLong none = OptionalLong.empty();
        OptionalLong rate = op.b() % 2 == 0 ? OptionalLong.of((1 + op.b() % 200) * M) : none;
        return switch (op.a() % 6) {
            case 0 -> BalloonFault.NONE;
            case 1 -> BalancerFixture.stuck();
            case 2 -> new BalloonFault(BalloonFault.Mode.INTERMITTENT,
                    OptionalLong.of((1 + op.b() % 16) * 500_000_000L), rate, none, none);
            case 3 -> new BalloonFault(BalloonFault.Mode.NONE, none, rate, OptionalLong.of((op.b() % 512) * M), none);
            case 4 -> new BalloonFault(BalloonFault.Mode.NONE, none, rate, none, OptionalLong.of((op.b() % 768) * M));
            default -> new BalloonFault(BalloonFault.Mode.NONE, none, OptionalLong.of((1 + op.b() % 200) * M), none, none);
        };
    }

    private static void verify(BalancerFixture b) {
        b.f.host.verifyConservation();
        for (Domain d : b.f.registry.all()) {
            assertThat(d.ownedPages()).isLessThanOrEqualTo(d.maxPages());
            assertThat(d.ownedPages()).isEqualTo(d.kernel().currentPages());
            assertThat(d.kernel().currentPages() + d.balloon().balloonLowPages()).isEqualTo(d.kernel().maxPfn());
        }
    }

    /**
     * Every target squeezed wrote since {@code from} lies within the domain's range at the time (the
     * ops change a range only between clock moves, so the range now is the range then).
     */
    private static int verifyTargetsInRange(BalancerFixture b, Map<Integer, long[]> ranges, int from) {
        List<BalancerRan> ran = b.events(BalancerRan.class);
        for (BalancerRan e : ran.subList(from, ran.size())) {
            e.targets().forEach((domid, kib) -> {
                long[] range = ranges.get(Integer.parseInt(domid));
                if (range != null) {
                    assertThat(kib).as("target of domain %s", domid).isBetween(range[0], range[1]);
                }
            });
        }
        return ran.size();
    }
}
