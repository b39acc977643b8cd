package org.xenemu.toolstack.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.xenemu.toolstack.balancer.MomBalancer.Observation;
import org.xenemu.toolstack.balancer.MomPolicy.Decision;
import org.xenemu.toolstack.balancer.MomPolicy.GuestSample;
import org.xenemu.toolstack.balancer.MomPolicy.HostSample;
import org.xenemu.toolstack.balancer.MomPolicy.Rule;

/** MoM's monitors (10-sample histories, readiness) and engine timing (5 s samples, 10 s decisions). */
class MomBalancerTest {
    private static final long S = SqueezeOptions.NANOS_PER_SECOND;

    private static GuestSample guest(long cur, long unused) {
        return new GuestSample(cur, 2_000_000, 0, OptionalLong.of(unused));
    }

    @Test
    void samplesEveryFiveSecondsAndDecidesEveryTenStartingTenSecondsIn() {
        MomBalancer mom = new MomBalancer(MomSettings.defaults());
        AtomicInteger reads = new AtomicInteger();
        Observation o = new Observation(new HostSample(500_000, 1_000_000), Map.of(1, guest(1_000_000, 900_000)));

        assertThat(mom.tick(0, () -> { reads.incrementAndGet(); return o; })).isEmpty();
        assertThat(mom.tick(4 * S, () -> { reads.incrementAndGet(); return o; })).isEmpty();
        assertThat(reads).hasValue(1);
        assertThat(mom.tick(5 * S, () -> { reads.incrementAndGet(); return o; })).isEmpty();
        Optional<List<Decision>> decided = mom.tick(10 * S, () -> { reads.incrementAndGet(); return o; });
        assertThat(reads).hasValue(3);
        assertThat(decided).contains(List.of(new Decision(1, 1_050_000, Rule.GROW)));
        assertThat(mom.nextSampleAtNanos()).isEqualTo(15 * S);
        assertThat(mom.nextDecisionAtNanos()).isEqualTo(20 * S);
    }

    @Test
    void theMovingAverageForgetsAllButTheLastTenSamples() {
        MomBalancer mom = new MomBalancer(MomSettings.defaults());
        Map<Integer, GuestSample> guests = Map.of(1, guest(1_000_000, 900_000));
        // two samples at 0 % free, then ten at 20 %: over twelve the average would be 16.7 % (shrink)
        mom.record(new HostSample(0, 1_000_000), guests);
        mom.record(new HostSample(0, 1_000_000), guests);
        for (int i = 0; i < 10; i++) {
            mom.record(new HostSample(200_000, 1_000_000), guests);
        }
        assertThat(mom.decide()).extracting(Decision::rule).containsExactly(Rule.GROW);
        assertThat(new MomBalancer(MomSettings.defaults().withHistoryLength(12)).settings().historyLength()).isEqualTo(12);
    }

    @Test
    void underMomsOwnRulesAGuestWithoutMemFreeSitsOutUntilItPublishesAgain() {
        MomBalancer mom = new MomBalancer(MomSettings.defaults());
        HostSample free = new HostSample(500_000, 1_000_000);
        mom.record(free, Map.of(1, guest(1_000_000, 900_000)));
        mom.record(free, Map.of(1, new GuestSample(1_000_000, 2_000_000, 0, OptionalLong.empty())));
        assertThat(mom.decide()).isEmpty();
        mom.record(free, Map.of(1, guest(1_000_000, 900_000)));
        assertThat(mom.decide()).extracting(Decision::domid).containsExactly(1);
    }

    @Test
    void aGuestMissingFromASamplingIsForgotten() {
        MomBalancer mom = new MomBalancer(MomSettings.defaults());
        HostSample free = new HostSample(500_000, 1_000_000);
        mom.record(free, Map.of(1, guest(1_000_000, 900_000), 2, guest(1_000_000, 900_000)));
        mom.record(free, Map.of(2, guest(1_000_000, 900_000)));
        assertThat(mom.decide()).extracting(Decision::domid).containsExactly(2);
    }

    @Test
    void theVdsmVariantIsAFlag() {
        MomBalancer mom = new MomBalancer(MomSettings.defaults().withVariant(MomVariant.VDSM_BALLOON_POLICY));
        mom.record(new HostSample(100_000, 1_000_000),
                Map.of(1, new GuestSample(1_000_000, 2_000_000, 1_200_000, OptionalLong.empty())));
        assertThat(mom.decide()).containsExactly(new Decision(1, 1_200_000, Rule.QOS));
    }
}
