package org.xenemu.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.xenemu.toolstack.EmulatedHost;
import org.xenemu.toolstack.HostState;
import org.xenemu.toolstack.balancer.Policy;

/**
 * Issue 16's exactness property: random operations up to T, a snapshot at T (through the file
 * format), the operations after T recorded (every JSON view after each, every event); then the
 * snapshot restored — into the same host and into a fresh one — and the same operations again:
 * the three records are equal. A second snapshot taken right after each restore is byte for
 * byte the first.
 */
class SnapshotExactnessPropertyTest {

    @Provide
    Arbitrary<List<HostScript.Op>> ops() {
        Arbitrary<HostScript.Op> op = Combinators.combine(Arbitraries.integers().between(0, HostScript.Op.KINDS - 1),
                Arbitraries.integers(), Arbitraries.integers(), Arbitraries.integers()).as(HostScript.Op::new);
        return op.list().ofMinSize(2).ofMaxSize(40);
    }

    @Property(tries = 25)
    void theFutureAfterARestoreIsTheFutureAfterTheSave(@ForAll("ops") List<HostScript.Op> before,
                                                        @ForAll("ops") List<HostScript.Op> after) {
        sameFuture(Policy.NONE, before, after);
    }

    /**
     * The same with the balancer running from the start (squeezed or MoM): its reservations, the
     * squeezed call in progress, its cache of xenstore and pending watch events, the uncooperative
     * table, MoM's history, its timers — and the balloon faults and dynamic ranges it works with.
     */
    @Property(tries = 25)
    void theFutureIsTheSameUnderTheBalancer(@ForAll Policy policy, @ForAll("ops") List<HostScript.Op> before,
                                            @ForAll("ops") List<HostScript.Op> after) {
        sameFuture(policy, before, after);
    }

    /**
     * squeezed in the middle of a call: guests with dynamic ranges (some stuck or slow), a
     * reservation larger than what is free, the clock advanced part of the way — the snapshot
     * holds the call, its stuckness monitor, the targets it set, the queue behind it.
     */
    @Property(tries = 40)
    void aSqueezedCallInProgressGoesOnAfterARestore(@ForAll @IntRange(min = 4, max = 5) int guests,
                                                    @ForAll @IntRange(min = 150, max = 190) int memMiB,
                                                    @ForAll @IntRange(min = 0, max = 31) int faults,
                                                    @ForAll @IntRange(min = 60, max = 400) int reserveMiB,
                                                    @ForAll @IntRange(min = 0, max = 750) int advanceJiffies,
                                                    @ForAll("ops") List<HostScript.Op> after) {
        List<HostScript.Op> before = new ArrayList<>();
        for (int i = 0; i < guests; i++) {
            before.add(new HostScript.Op(HostScript.Op.CREATE_RANGED, i, memMiB, 0));
            if ((faults >> i & 1) == 1) {
                before.add(new HostScript.Op(17, i + 1, 1 + i % 3, i * 7));
            }
        }
        before.add(new HostScript.Op(15, 0, reserveMiB * 1024, 0));
        before.add(new HostScript.Op(15, 0, 4096, 0));
        before.add(new HostScript.Op(12, 0, advanceJiffies, 0));
        sameFuture(Policy.SQUEEZED, before, after);
    }

    private static void sameFuture(Policy policy, List<HostScript.Op> before, List<HostScript.Op> after) {
        EmulatedHost original = EmulatedHost.create(HostScript.settings(policy));
        HostScript.run(original, before, new ArrayList<>());

        HostState atT = original.capture();
        byte[] file = SnapshotFormat.write(atT);
        Statistics.label("balancer at T").collect(policy, atT.balancer().run() != null ? "squeezed call in progress"
                : "no call", atT.balancer().reservations().isEmpty() ? "no reservation" : "reservations",
                atT.balancer().cache().inbox().isEmpty() ? "no pending watch event" : "pending watch events");
        List<String> continued = new ArrayList<>();
        HostScript.run(original, after, continued);

        HostState saved = SnapshotFormat.read(file).state();
        original.restore(saved);
        assertSameState(original.capture(), saved);
        List<String> again = new ArrayList<>();
        HostScript.run(original, after, again);
        assertThat(again).containsExactlyElementsOf(continued);

        EmulatedHost fresh = EmulatedHost.create(HostScript.settings());
        fresh.restore(SnapshotFormat.read(file).state());
        assertSameState(fresh.capture(), saved);
        List<String> elsewhere = new ArrayList<>();
        HostScript.run(fresh, after, elsewhere);
        assertThat(elsewhere).containsExactlyElementsOf(continued);
    }

    /**
     * The state taken right after a restore is the state restored, compared as the body's JSON,
     * but for {@code settings}: those are the restoring host's configuration (informational; the
     * fresh host is configured with the balancer off, the snapshot brings its own balancer).
     */
    private static void assertSameState(HostState actual, HostState expected) {
        HostState a = new HostState(expected.settings(), actual.uptimeNanos(), actual.schedulerNextSequence(),
                actual.schedulerRuns(), actual.nextEventSeq(), actual.nextDomid(), actual.xenstore(), actual.host(),
                actual.tokens(), actual.domains(), actual.balancer());
        // JSON trees: members of an object compare as a map (a Map.copyOf iterates in no fixed order)
        assertThat(HostScript.JSON.readTree(SnapshotFormat.json(a)))
                .isEqualTo(HostScript.JSON.readTree(SnapshotFormat.json(expected)));
    }
}
