package org.xenemu.toolstack.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xenemu.toolstack.balancer.RecordingHost.settled;
import static org.xenemu.toolstack.balancer.RecordingHost.withoutBalloon;

import java.util.List;
import org.junit.jupiter.api.Test;

/** sq.ml {@code Squeezer.one_iteration} (note §1.5), on hand-made snapshots. */
class SqueezerTest {
    private static final long S = SqueezeOptions.NANOS_PER_SECOND;
    private static final FreeGoal AT_LEAST_1000 = new FreeGoal.AtLeast(1000);

    @Test
    void domainsWithoutFeatureBalloonAreNonActiveFromTheFirstIterationAndOutOfTheSum() {
        HostSnapshot host = HostSnapshot.of(0, settled(1, 1000, 2000, 1500), withoutBalloon(2, 0, 100_000, 50_000));
        Iteration it = new Squeezer(FistPoints.NONE).oneIteration(host, 400, AT_LEAST_1000, 0);

        assertThat(it.nonActive()).containsExactly(2);
        assertThat(it.declaredInactive()).containsExactly(2);
        // only d1 counts: (0 + 492 − 400) / 1000; d2's 49992 KiB and range 100000 are ignored
        assertThat(it.gamma()).isEqualTo(92.0 / 1000.0);
        assertThat(it.actions()).containsExactly(new TargetAction(1, 1092));
    }

    @Test
    void aStuckDomainLeavesTheActiveSetAndIsDeclaredActiveAgainWhenItMoves() {
        Squeezer squeezer = new Squeezer(FistPoints.NONE);
        BalancedDomain healthy = settled(1, 1000, 3000, 2000);
        BalancedDomain asked = new BalancedDomain(2, true, 1000, 3000, 1500, 2000, 2000, 4);
        squeezer.oneIteration(HostSnapshot.of(0, healthy, asked), 1000, AT_LEAST_1000, 0);

        Iteration stuck = squeezer.oneIteration(HostSnapshot.of(0, healthy, asked), 1000, AT_LEAST_1000, 5 * S + 1);
        assertThat(stuck.declaredInactive()).containsExactly(2);
        assertThat(stuck.actions()).extracting(TargetAction::domid).containsExactly(1);

        BalancedDomain moved = new BalancedDomain(2, true, 1000, 3000, 1500, 1990, 2000, 4);
        Iteration again = squeezer.oneIteration(HostSnapshot.of(10, healthy, moved), 1000, AT_LEAST_1000, 6 * S);
        assertThat(again.declaredActive()).containsExactly(2);
        assertThat(again.nonActive()).isEmpty();
        assertThat(again.actions()).extracting(TargetAction::domid).contains(2);
    }

    @Test
    void allocatingTargetsWaitUntilNoActiveDomainHasMemoryToFree() {
        // γ = (0 + 992 + 0 − 500) / 2000 = 0.246: d1 → 1246 (frees), d2 at 1000 → 1246 (allocates)
        BalancedDomain high = settled(1, 1000, 2000, 2000);
        BalancedDomain low = new BalancedDomain(2, true, 1000, 2000, 1000, 1000, 1000, 4);
        Iteration it = new Squeezer(FistPoints.NONE).oneIteration(HostSnapshot.of(0, high, low), 500, AT_LEAST_1000, 0);
        assertThat(it.phase()).isEqualTo(Iteration.Phase.FREEING);
        assertThat(it.actions()).containsExactly(new TargetAction(1, 1246));

        Iteration both = new Squeezer(FistPoints.DISABLE_TWO_PHASE)
                .oneIteration(HostSnapshot.of(0, high, low), 500, AT_LEAST_1000, 0);
        assertThat(both.actions()).containsExactly(new TargetAction(1, 1246), new TargetAction(2, 1246));
    }

    @Test
    void aTargetWithinTheInaccuracyBelowActualIsNotFreeing() {
        // surplus = 1000 + 992 − 996 = 996, γ = 0.996 → 1996: 4 KiB below its actual is a hit,
        // so it belongs to the allocation phase
        BalancedDomain d1 = settled(1, 1000, 2000, 2000);
        Iteration it = new Squeezer(FistPoints.NONE)
                .oneIteration(HostSnapshot.of(1000, d1), 996, new FreeGoal.AtLeast(0), 0);
        assertThat(it.actions()).containsExactly(new TargetAction(1, 1996));
        assertThat(it.phase()).isEqualTo(Iteration.Phase.ALLOCATION);
    }

    @Test
    void theVerdictWaitsForActiveDomainsToReachStableTargetsThenJudgesTheGoal() {
        Squeezer squeezer = new Squeezer(FistPoints.NONE);
        BalancedDomain moving = new BalancedDomain(1, true, 1000, 2000, 1000, 1500, 1500, 4);
        assertThat(squeezer.oneIteration(HostSnapshot.of(0, moving), 2000, AT_LEAST_1000, 0).verdict())
                .isEqualTo(Iteration.Verdict.ADJUST);
        BalancedDomain there = new BalancedDomain(1, true, 1000, 2000, 1000, 1004, 1000, 4);
        Iteration done = squeezer.oneIteration(HostSnapshot.of(496, there), 2000, AT_LEAST_1000, S);
        assertThat(done.verdict()).isEqualTo(Iteration.Verdict.FAILED);
        assertThat(done.blamed()).isEmpty();
    }

    @Test
    void everyStuckBalloonCapableDomainIsBlamedInDescendingDomidOrder() {
        Squeezer squeezer = new Squeezer(FistPoints.NONE);
        HostSnapshot host = HostSnapshot.of(0, new BalancedDomain(1, true, 1000, 2000, 1000, 1500, 1500, 4),
                withoutBalloon(2, 1000, 2000, 1500), new BalancedDomain(3, true, 1000, 2000, 1000, 1500, 1500, 4));
        squeezer.oneIteration(host, 1000, AT_LEAST_1000, 0);
        Iteration it = squeezer.oneIteration(host, 1000, AT_LEAST_1000, 6 * S);
        assertThat(it.verdict()).isEqualTo(Iteration.Verdict.FAILED);
        assertThat(it.blamed()).isEqualTo(List.of(3, 1));
    }
}
