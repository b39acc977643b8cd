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
import org.xenemu.toolstack.EmulatedHost;
import org.xenemu.toolstack.HostState;

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
        EmulatedHost original = EmulatedHost.create(HostScript.settings());
        HostScript.run(original, before, new ArrayList<>());

        byte[] file = SnapshotFormat.write(original.capture());
        List<String> continued = new ArrayList<>();
        HostScript.run(original, after, continued);

        HostState saved = SnapshotFormat.read(file).state();
        original.restore(saved);
        assertThat(SnapshotFormat.sha256(SnapshotFormat.write(original.capture()))).isEqualTo(SnapshotFormat.sha256(file));
        List<String> again = new ArrayList<>();
        HostScript.run(original, after, again);
        assertThat(again).containsExactlyElementsOf(continued);

        EmulatedHost fresh = EmulatedHost.create(HostScript.settings());
        fresh.restore(SnapshotFormat.read(file).state());
        assertThat(SnapshotFormat.sha256(SnapshotFormat.write(fresh.capture()))).isEqualTo(SnapshotFormat.sha256(file));
        List<String> elsewhere = new ArrayList<>();
        HostScript.run(fresh, after, elsewhere);
        assertThat(elsewhere).containsExactlyElementsOf(continued);
    }
}
