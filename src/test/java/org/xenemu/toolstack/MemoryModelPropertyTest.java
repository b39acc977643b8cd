package org.xenemu.toolstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.xenemu.balloon.BalloonState;
import org.xenemu.balloon.TargetSource;
import org.xenemu.error.XenException;
import org.xenemu.host.AllocationPolicy;
import org.xenemu.host.Host;

/**
 * Random creates, destroys, targets, max changes, pressure and clock advances: host pages are
 * conserved and no domain owns more than its max_pages after every operation; at the end, with
 * pressure gone, every driver reaches a target it can reach.
 */
class MemoryModelPropertyTest {
    record Op(int kind, int a, int b) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 7),
                Arbitraries.integers().between(0, 1_000_000), Arbitraries.integers().between(0, 1_000_000)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 60)
    void pagesAreConservedAndTargetsAreReached(@ForAll("ops") List<Op> ops, @ForAll boolean roundRobin,
                                               @ForAll boolean retryFourTimes) {
        MemoryFixture f = new MemoryFixture(131072, 2, 1024,
                roundRobin ? AllocationPolicy.ROUND_ROBIN : AllocationPolicy.NEAREST, 65536, retryFourTimes ? 4 : 0);
        int names = 0;
        for (Op op : ops) {
            List<Domain> guests = f.registry.all().stream().filter(d -> !d.isDom0()).toList();
            Domain some = f.registry.all().get(op.a() % f.registry.size());
            try {
                switch (op.kind()) {
                    case 0 -> {
                        long mem = 16384 + (op.a() % 64) * 1024L;
                        long max = mem + (op.b() % 64) * 1024L;
                        f.create(DomainSpec.pv("d" + names++, mem).withStaticMaxKiB(max)
                                .withHomeNode(op.b() % 2));
                    }
                    case 1 -> {
                        if (!guests.isEmpty()) {
                            f.destroy(guests.get(op.b() % guests.size()).domid());
                        }
                    }
                    case 2 -> f.setTarget(some.domid(), (long) op.b() % (some.staticMaxKiB() + 1));
                    case 3 -> some.balloon().setTarget(op.b() % (some.kernel().maxPfn() + 100), TargetSource.SYSFS);
                    case 4 -> f.host.setPressure(op.b() % 40000, op.a() % 3 == 2 ? OptionalInt.empty()
                            : OptionalInt.of(op.a() % 3));
                    case 5 -> f.setMax(some.domid(), some.ownedPages() * 4 + op.b() % 65536);
                    default -> f.advanceSeconds(op.b() % 90);
                }
            } catch (XenException expected) {
                // refusals (ENOMEM, EINVAL) are part of the game; they must change nothing
            }
            verify(f);
        }
        f.host.setPressure(0, OptionalInt.empty());
        f.advanceSeconds(1);
        List<long[]> goals = new ArrayList<>();
        long hostFree = f.host.freePages();
        for (Domain d : f.registry.all()) {
            long current = d.kernel().currentPages();
            long up = Math.min(Math.min(d.balloon().balloonLowPages(), d.maxPages() - d.ownedPages()),
                    hostFree / f.registry.size());
            long down = d.kernel().memAvailablePages() / 2;
            long target = (d.domid() % 2 == 0) ? current + up : current - down;
            goals.add(new long[] {d.domid(), target});
            d.balloon().setTarget(target, TargetSource.SYSFS);
        }
        f.advanceSeconds(70);
        verify(f);
        for (long[] goal : goals) {
            Domain d = f.registry.get((int) goal[0]);
            assertThat(d.kernel().currentPages()).as("domain %d", d.domid()).isEqualTo(goal[1]);
            assertThat(d.balloon().state()).isEqualTo(BalloonState.DONE);
        }
    }

    private static void verify(MemoryFixture f) {
        f.host.verifyConservation();
        for (Domain d : f.registry.all()) {
            assertThat(d.ownedPages()).isLessThanOrEqualTo(d.maxPages());
            assertThat(d.ownedPages()).isEqualTo(d.kernel().currentPages());
            assertThat(d.kernel().currentPages() + d.balloon().balloonLowPages()).isEqualTo(d.kernel().maxPfn());
        }
    }
}
