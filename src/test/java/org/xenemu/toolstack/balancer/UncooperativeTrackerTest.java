package org.xenemu.toolstack.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xenemu.toolstack.balancer.RecordingHost.withoutBalloon;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xenemu.toolstack.balancer.UncooperativeTracker.Action;
import org.xenemu.toolstack.balancer.UncooperativeTracker.Change;

/** sx.ml's uncooperative table and flags (note §2.5): > 20 s off target, balloon-capable only. */
class UncooperativeTrackerTest {
    private static final long S = SqueezeOptions.NANOS_PER_SECOND;
    private final UncooperativeTracker tracker = new UncooperativeTracker();

    private static HostSnapshot offTarget(long actualKiB) {
        return HostSnapshot.of(0, new BalancedDomain(3, true, 0, 4000, 1000, actualKiB, 4000, 4));
    }

    @Test
    void aGuestOffTargetForMoreThanTwentySecondsGetsTheEmptyNodeAndLosesItWhenItCooperates() {
        assertThat(tracker.observe(offTarget(3000), 0, Set.of())).isEmpty();
        assertThat(tracker.observe(offTarget(2000), 20 * S, Set.of())).isEmpty();   // moving is not enough
        assertThat(tracker.observe(offTarget(2000), 20 * S + 1, Set.of()))
                .containsExactly(new Change(3, Action.WRITE_EMPTY));
        assertThat(tracker.isUncooperative(3, 20 * S + 1)).isTrue();
        // flag already there: nothing to do
        assertThat(tracker.observe(offTarget(1500), 30 * S, Set.of(3))).isEmpty();
        // within 4 KiB of the target: cooperative again
        assertThat(tracker.observe(offTarget(1004), 31 * S, Set.of(3))).containsExactly(new Change(3, Action.REMOVE));
    }

    @Test
    void aDomainWithoutABalloonDriverIsAlwaysCooperativeAndAStaleFlagIsRemoved() {
        HostSnapshot host = HostSnapshot.of(0, withoutBalloon(5, 0, 4000, 1000));
        assertThat(tracker.observe(host, 0, Set.of())).isEmpty();
        assertThat(tracker.observe(host, 60 * S, Set.of(5))).containsExactly(new Change(5, Action.REMOVE));
    }

    @Test
    void aFlagSomeoneRemovedIsWrittenAgainAndAGoneDomainIsForgotten() {
        tracker.observe(offTarget(3000), 0, Set.of());
        assertThat(tracker.observe(offTarget(3000), 25 * S, Set.of())).containsExactly(new Change(3, Action.WRITE_EMPTY));
        assertThat(tracker.observe(offTarget(3000), 26 * S, Set.of())).containsExactly(new Change(3, Action.WRITE_EMPTY));
        assertThat(tracker.observe(HostSnapshot.of(0), 27 * S, Set.of(3))).isEmpty();
        assertThat(tracker.observe(offTarget(3000), 28 * S, Set.of())).isEmpty();     // back: a fresh start
    }
}
