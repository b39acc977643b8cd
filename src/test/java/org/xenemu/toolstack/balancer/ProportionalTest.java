package org.xenemu.toolstack.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xenemu.toolstack.balancer.RecordingHost.settled;
import static org.xenemu.toolstack.balancer.RecordingHost.withoutBalloon;

import java.util.List;
import org.junit.jupiter.api.Test;

/** sq.ml {@code Proportional}: γ, the targets, and free_memory_range's price (note §1.3, §1.7, §1.9). */
class ProportionalTest {
    @Test
    void workedExampleOfScenarioA() {
        // d0: min 1000, max 2000, actual 1500 → min_freeable 492, range 1000; d1: 2500..4500, 3500 → 992, 2000
        Proportional.Allocation a = Proportional.allocate(List.of(settled(0, 1000, 2000, 1500),
                settled(1, 2500, 4500, 3500)), 0, 1000, true);

        assertThat(a.maxFreeKiB()).isEqualTo(1484);
        assertThat(a.surplusKiB()).isEqualTo(484);
        assertThat(a.gamma()).isEqualTo(484.0 / 3000.0);
        // 0.16133 × 1000 = 161.3 → 161; × 2000 = 322.7 → 322 (truncated, not rounded)
        assertThat(a.targets()).containsExactly(new TargetAction(0, 1161), new TargetAction(1, 2822));
    }

    @Test
    void gammaIsTheSameFractionOfEveryDomainsRangeUpToTruncation() {
        List<BalancedDomain> domains = List.of(settled(1, 262144, 1048576, 800000), settled(2, 524288, 4194304, 3000000),
                settled(3, 131072, 131072 + 7777, 135000), settled(5, 1048576, 2097152, 2000000));
        Proportional.Allocation a = Proportional.allocate(domains, 100000, 73728, true);

        assertThat(a.gamma()).isStrictlyBetween(0.0, 1.0);
        for (BalancedDomain d : domains) {
            long target = a.targets().stream().filter(t -> t.domid() == d.domid()).findFirst().orElseThrow().newTargetKiB();
            double fraction = (double) (target - d.dynamicMinKiB()) / d.rangeKiB();
            assertThat(fraction).isBetween(a.gamma() - 1.0 / d.rangeKiB(), a.gamma());
        }
    }

    @Test
    void targetsStayWithinTheDynamicRangeWhateverTheSurplus() {
        List<BalancedDomain> domains = List.of(settled(1, 1000, 2000, 1500), settled(2, 3000, 9000, 4000));
        // surplus beyond every range: γ clamps to 1 → dynamic-max
        assertThat(Proportional.allocate(domains, 1_000_000, 0, true).targets())
                .containsExactly(new TargetAction(1, 2000), new TargetAction(2, 9000));
        // nothing spare (H above what could ever be free): γ 0 → dynamic-min
        Proportional.Allocation none = Proportional.allocate(domains, 0, 1_000_000, true);
        assertThat(none.gamma()).isZero();
        assertThat(none.targets()).containsExactly(new TargetAction(1, 1000), new TargetAction(2, 3000));
    }

    @Test
    void withNoRangeAtAllEveryTargetIsDynamicMinWhetherTheRatioIsInfiniteOrNaN() {
        List<BalancedDomain> fixed = List.of(settled(1, 1500, 1500, 1500));
        Proportional.Allocation infinite = Proportional.allocate(fixed, 10_000, 0, true);   // 10000 / 0 = +∞ → 1
        Proportional.Allocation nan = Proportional.allocate(fixed, 0, 10_000, true);        // 0 / 0 = NaN → 0
        assertThat(infinite.gamma()).isEqualTo(1.0);
        assertThat(nan.gamma()).isZero();
        assertThat(infinite.targets()).containsExactly(new TargetAction(1, 1500));
        assertThat(nan.targets()).containsExactly(new TargetAction(1, 1500));
    }

    @Test
    void inaccuracyCompensationKeepsTwiceTheInaccuracyOutOfWhatCanBeFreed() {
        BalancedDomain d = settled(1, 1000, 2000, 1500);
        assertThat(d.minFreeableKiB(true)).isEqualTo(492);
        assertThat(d.minFreeableKiB(false)).isEqualTo(500);
        assertThat(settled(1, 1000, 2000, 1005).minFreeableKiB(true)).isZero();
    }

    @Test
    void aRangeReservationIsPricedAsAVirtualDomainAmongAllDomainsBalloonCapableOrNot() {
        // host free 200000; H = 73728; d1 balloons (0..100000 at 100000), d2 has no driver (0..100000 at 50000)
        HostSnapshot host = HostSnapshot.of(200_000, settled(1, 0, 100_000, 100_000), withoutBalloon(2, 0, 100_000, 50_000));
        // maxFree = 200000 + 99992 + 49992 = 349984; surplus 276256; ranges 100000 + 100000 + (60000 − 10000)
        // γ = 276256 / 250000 > 1 → 1: the virtual domain is priced at its max
        assertThat(Proportional.priceRange(host, 10_000, 60_000, 73_728)).isEqualTo(60_000);
        // with less free: surplus = 20000 + 149984 − 73728 = 96256, γ = 0.385024 → 10000 + 19251
        HostSnapshot tight = HostSnapshot.of(20_000, settled(1, 0, 100_000, 100_000), withoutBalloon(2, 0, 100_000, 50_000));
        assertThat(Proportional.priceRange(tight, 10_000, 60_000, 73_728)).isEqualTo(10_000 + 19_251);
    }
}
