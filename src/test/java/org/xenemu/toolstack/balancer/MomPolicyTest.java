package org.xenemu.toolstack.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.xenemu.toolstack.balancer.MomPolicy.Decision;
import org.xenemu.toolstack.balancer.MomPolicy.GuestSample;
import org.xenemu.toolstack.balancer.MomPolicy.HostSample;
import org.xenemu.toolstack.balancer.MomPolicy.Rule;

/** MoM's balloon.rules and vdsm's 02-balloon.policy (note §4.3–4.5), one sample per monitor. */
class MomPolicyTest {
    private static final MomVariant RULES = MomVariant.BALLOON_RULES;
    private static final MomVariant VDSM = MomVariant.VDSM_BALLOON_POLICY;

    /** A host with {@code freePermille} ‰ of 1000000 KiB free. */
    private static List<HostSample> host(long freePermille) {
        return List.of(new HostSample(freePermille * 1000, 1_000_000));
    }

    private static Map<Integer, List<GuestSample>> guest(long cur, long max, long min, long unused) {
        return Map.of(1, List.of(new GuestSample(cur, max, min, OptionalLong.of(unused))));
    }

    private static List<Decision> rules(List<HostSample> host, Map<Integer, List<GuestSample>> guests) {
        return MomPolicy.evaluate(RULES, true, host, guests);
    }

    @Nested
    class WorkedExamples {
        @Test
        void shrinkAtTwelveAndAHalfPercentTakesTheFivePercentStep() {
            // gfp 0.125; used 3145728; floor 3145728 + 524288 = 3670016; 0.95 · 4194304 = 3984588.8
            List<HostSample> host = List.of(new HostSample(131_072, 1_048_576));
            assertThat(rules(host, guest(4_194_304, 4_194_304, 0, 1_048_576)))
                    .containsExactly(new Decision(1, 3_984_588, Rule.SHRINK));
        }

        @Test
        void growAtThirtyPercentGoesToUsedPlusTwentyPercentOfCurrent() {
            // used 3145728 − 209715 = 2936013; floor 2936013 + 629145.6 = 3565158.6 > 1.05 · cur
            assertThat(rules(host(300), guest(3_145_728, 4_194_304, 0, 209_715)))
                    .containsExactly(new Decision(1, 3_565_158, Rule.GROW));
        }

        @Test
        void vdsmGrowsWithThePressureScaledFreePercentInstead() {
            // gfp 0.30: floor 2936013 + 943718.4 = 3879731.4
            assertThat(MomPolicy.evaluate(VDSM, true, host(300), guest(3_145_728, 4_194_304, 0, 209_715)))
                    .containsExactly(new Decision(1, 3_879_731, Rule.GROW));
        }
    }

    @Nested
    class UnderHostPressure {
        @Test
        void aGuestWithPlentyFreeShrinksByAtMostFivePercent() {
            assertThat(rules(host(100), guest(1_000_000, 2_000_000, 0, 800_000)))
                    .containsExactly(new Decision(1, 950_000, Rule.SHRINK));
        }

        @Test
        void theStepStopsAtUsedPlusTheScaledFreePercent() {
            // 10 %: gfp 0.1; used 880000 → floor 980000 > 950000
            assertThat(rules(host(100), guest(1_000_000, 2_000_000, 0, 120_000)))
                    .containsExactly(new Decision(1, 980_000, Rule.SHRINK));
        }

        @Test
        void theFloorIsAlsoTheGuaranteedMinimum() {
            assertThat(rules(host(100), guest(1_000_000, 2_000_000, 970_000, 800_000)))
                    .containsExactly(new Decision(1, 970_000, Rule.SHRINK));
        }

        @Test
        void aFloorAboveCurrentLeavesTheGuestAlone() {
            assertThat(rules(host(100), guest(1_000_000, 2_000_000, 0, 10_000))).isEmpty();
        }

        @Test
        void criticalPressureSetsTheGuestsFreeGoalBelowZeroToForceSwapping() {
            // used 990000: at 6 % the floor is 1050000 (no shrink); at 5 % (critical, inclusive) gfp = 0;
            // at 3 % gfp = −0.02: target 970000, below what the guest uses
            assertThat(rules(host(60), guest(1_000_000, 2_000_000, 0, 10_000))).isEmpty();
            assertThat(rules(host(50), guest(1_000_000, 2_000_000, 0, 10_000)))
                    .containsExactly(new Decision(1, 990_000, Rule.SHRINK));
            assertThat(rules(host(30), guest(1_000_000, 2_000_000, 0, 10_000)))
                    .containsExactly(new Decision(1, 970_000, Rule.SHRINK));
        }

        @Test
        void twentyPercentIsTheOnlySwitchAndExactlyTwentyGrows() {
            assertThat(rules(host(199), guest(1_000_000, 2_000_000, 0, 800_000))).extracting(Decision::rule)
                    .containsExactly(Rule.SHRINK);
            assertThat(rules(host(200), guest(1_000_000, 2_000_000, 0, 800_000))).extracting(Decision::rule)
                    .containsExactly(Rule.GROW);
        }
    }

    @Nested
    class WhenTheHostIsFree {
        @Test
        void aBalloonedGuestGrowsByAtLeastFivePercent() {
            assertThat(rules(host(500), guest(1_000_000, 2_000_000, 0, 900_000)))
                    .containsExactly(new Decision(1, 1_050_000, Rule.GROW));
        }

        @Test
        void growthIsCappedAtTheMaximum() {
            assertThat(rules(host(500), guest(1_000_000, 1_030_000, 0, 900_000)))
                    .containsExactly(new Decision(1, 1_030_000, Rule.GROW));
        }

        @Test
        void aGuestAtItsMaximumIsLeftAlone() {
            assertThat(rules(host(500), guest(1_000_000, 1_000_000, 0, 0))).isEmpty();
        }

        @Test
        void aChangeOfAQuarterPercentOrLessIsNotApplied() {
            // 0.25 % of 400000 = 1000: capped at 401000 is exactly 1000 (not more) → nothing
            assertThat(rules(host(500), guest(400_000, 401_000, 0, 300_000))).isEmpty();
            assertThat(rules(host(500), guest(400_000, 401_001, 0, 300_000)))
                    .containsExactly(new Decision(1, 401_001, Rule.GROW));
        }
    }

    @Nested
    class VdsmPolicy {
        @Test
        void withBallooningDisabledGuestsOnlyGrow() {
            assertThat(MomPolicy.evaluate(VDSM, false, host(100), guest(1_000_000, 2_000_000, 0, 800_000)))
                    .extracting(Decision::rule).containsExactly(Rule.GROW);
            assertThat(MomPolicy.evaluate(VDSM, true, host(100), guest(1_000_000, 2_000_000, 0, 800_000)))
                    .extracting(Decision::rule).containsExactly(Rule.SHRINK);
        }

        @Test
        void aGuestBelowItsGuaranteedMemoryIsRaisedToItAfterTheOtherRules() {
            assertThat(MomPolicy.evaluate(VDSM, true, host(100), guest(1_000_000, 2_000_000, 1_200_000, 800_000)))
                    .containsExactly(new Decision(1, 1_200_000, Rule.QOS));
        }

        @Test
        void aGuestWithoutMemFreeIsSkippedButStillGetsItsGuarantee() {
            Map<Integer, List<GuestSample>> guests = Map.of(
                    1, List.of(new GuestSample(1_000_000, 2_000_000, 0, OptionalLong.empty())),
                    2, List.of(new GuestSample(1_000_000, 2_000_000, 1_100_000, OptionalLong.empty())));
            assertThat(MomPolicy.evaluate(VDSM, true, host(100), guests))
                    .containsExactly(new Decision(2, 1_100_000, Rule.QOS));
        }
    }

    @Test
    void averagesCoverTheWholeHistoryWhileCurrentIsTheNewestSample() {
        // host free averages to 20 % (grow); guest cur avg 950000, unused avg 100000 → used 850000
        List<HostSample> host = List.of(new HostSample(100_000, 1_000_000), new HostSample(300_000, 1_000_000));
        Map<Integer, List<GuestSample>> guest = Map.of(1, List.of(
                new GuestSample(900_000, 2_000_000, 0, OptionalLong.of(150_000)),
                new GuestSample(1_000_000, 2_000_000, 0, OptionalLong.of(50_000))));
        // floor = 850000 + 0.2 · 1000000 = 1050000 = 1.05 · 1000000
        assertThat(rules(host, guest)).containsExactly(new Decision(1, 1_050_000, Rule.GROW));
    }

    @Test
    void anEvaluationThatWouldDivideByZeroSetsNothing() {
        assertThat(rules(List.of(new HostSample(0, 0)), guest(1_000_000, 2_000_000, 0, 800_000))).isEmpty();
        assertThat(rules(List.of(), guest(1_000_000, 2_000_000, 0, 800_000))).isEmpty();
    }
}
