package org.xenemu.toolstack.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xenemu.toolstack.balancer.RecordingHost.settled;
import static org.xenemu.toolstack.balancer.RecordingHost.withoutBalloon;

import org.junit.jupiter.api.Test;

/** sq.ml {@code is_balanced} and {@code is_host_memory_unbalanced}: the 10 s check (note §1.7, §6.3). */
class HostBalanceTest {
    private static final long H = SqueezeOptions.HOST_FREE_TARGET_KIB;
    private final SqueezeOptions options = SqueezeOptions.defaults();

    @Test
    void balancedMeansFreeLessThan512KibAboveTheTargetIncludingBelowIt() {
        assertThat(H).isEqualTo(73_728);
        assertThat(HostBalance.isBalanced(H + 511, options)).isTrue();
        assertThat(HostBalance.isBalanced(H + 512, options)).isFalse();
        assertThat(HostBalance.isBalanced(0, options)).isTrue();
    }

    @Test
    void guestsAtTheirProportionalTargetsAreNotUnbalancedHoweverMuchIsFree() {
        // γ = 1: both at dynamic-max already; 1 GiB free changes nothing the policy could do
        HostSnapshot host = HostSnapshot.of(1_048_576, settled(1, 1000, 2000, 2000), settled(2, 5000, 9000, 9000));
        assertThat(HostBalance.isHostMemoryUnbalanced(host, options)).isFalse();
    }

    @Test
    void aDynamicRangeThatMovedMakesTheHostUnbalanced() {
        // the toolstack raised d2's dynamic-max to 12000: the policy now wants d2 at 12000
        HostSnapshot host = HostSnapshot.of(1_048_576, settled(1, 1000, 2000, 2000), settled(2, 5000, 12_000, 9000));
        assertThat(HostBalance.isHostMemoryUnbalanced(host, options)).isTrue();
    }

    @Test
    void aGuestStillOnItsWayToTheRightTargetIsNotUnbalanced() {
        BalancedDomain moving = new BalancedDomain(1, true, 1000, 2000, 2000, 1500, 2000, 4);
        assertThat(HostBalance.isHostMemoryUnbalanced(HostSnapshot.of(1_048_576, moving), options)).isFalse();
    }

    @Test
    void onlyTheCurrentPhasesTargetsAreLookedAt() {
        // free below the target: d1 must free (freeing phase); d2's allocation would differ from its
        // target too, but the freeing phase alone is looked at — d1's differs, so unbalanced
        HostSnapshot host = HostSnapshot.of(H - 10_000, settled(1, 0, 100_000, 100_000),
                new BalancedDomain(2, true, 0, 100_000, 0, 0, 0, 4));
        assertThat(HostBalance.isHostMemoryUnbalanced(host, options)).isTrue();
    }

    @Test
    void domainsWithoutFeatureBalloonNeverMakeTheHostUnbalanced() {
        HostSnapshot host = HostSnapshot.of(1_048_576, withoutBalloon(1, 1000, 900_000, 1000));
        assertThat(HostBalance.isHostMemoryUnbalanced(host, options)).isFalse();
    }
}
