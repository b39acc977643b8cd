package org.xenemu.selfballoon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.xenemu.selfballoon.SelfballoonPolicy.Decision;
import org.xenemu.selfballoon.SelfballoonPolicy.Inputs;

/**
 * Golden cases of {@link SelfballoonPolicy#process}, each computed by hand from the seed's
 * formulas (seed 002 {@code selfballoon_process}); the comment of each test shows the arithmetic.
 * The "1 GiB guest" is a PV domain booted as docs/memory.md "Guest kernel state" boots it: max_pfn = current = 262144,
 * kernel_static = 2048 + 262144·64/4096 = 6144, totalram = 256000, totalreserve 1516.
 * MB2PAGES(x) = x·256.
 */
class SelfballoonPolicyTest {

    private static Inputs gib(long committed) {
        return new Inputs(256_000, committed, 1516, 262_144, 262_144, 0, false);
    }

    private static SelfballoonTunables tunables(int reservedMb) {
        SelfballoonTunables t = new SelfballoonTunables();
        if (reservedMb != 0) {
            t.setAtStart(Tunable.SELFBALLOON_RESERVED_MB, reservedMb);
        }
        return t;
    }

    private static void assertDecision(Decision d, long cur, long goal, long floor, long tgt, long newTarget) {
        assertThat(d).isEqualTo(new Decision(cur, goal, floor, tgt, newTarget));
    }

    @Nested
    class CurAgainstGoal {
        @Test
        void curAboveGoalMovesDownByAnEighthOfTheGap() {
            // goal = 50000 + 1516 + 100·256 = 77116; tgt = 256000 − (256000 − 77116)/8
            //      = 256000 − 178884/8 = 256000 − 22360 = 233640
            // useful = 262144 − 1516 = 260628 ≥ 131072 → floor = 1516 + 25344 + (260628 − 25344)>>5
            //      = 26860 + 7352 = 34212; new = 233640 + 262144 − 256000 = 239784
            assertDecision(SelfballoonPolicy.process(gib(50_000), tunables(100)),
                    256_000, 77_116, 34_212, 233_640, 239_784);
        }

        @Test
        void curBelowGoalWithUphysteresisOneJumpsToTheGoal() {
            // goal = 300000 + 1516 + 25600 = 327116; tgt = 256000 + 71116/1 = 327116;
            // new = 327116 + 6144 = 333260 (above max_pfn: the balloon driver, not selfballoon, limits it)
            assertDecision(SelfballoonPolicy.process(gib(300_000), tunables(100)),
                    256_000, 327_116, 34_212, 327_116, 333_260);
        }

        @Test
        void curBelowGoalWithUphysteresisThreeMovesAThird() {
            // tgt = 256000 + 71116/3 = 256000 + 23705 = 279705; new = 279705 + 6144 = 285849
            SelfballoonTunables t = tunables(100);
            t.store(Tunable.SELFBALLOON_UPHYSTERESIS, "3", true);
            assertDecision(SelfballoonPolicy.process(gib(300_000), t),
                    256_000, 327_116, 34_212, 279_705, 285_849);
        }

        @Test
        void curEqualToGoalKeepsTheTarget() {
            // committed = 256000 − 1516 − 25600 = 228884 → goal = 256000 = cur → tgt = cur;
            // new = 256000 + 6144 = 262144 (the current reservation: no change)
            assertDecision(SelfballoonPolicy.process(gib(228_884), tunables(100)),
                    256_000, 256_000, 34_212, 256_000, 262_144);
        }

        @Test
        void downhysteresisOneGoesStraightToTheGoal() {
            // tgt = 256000 − 178884/1 = 77116 (≥ floor 34212); new = 77116 + 6144 = 83260
            SelfballoonTunables t = tunables(100);
            t.store(Tunable.SELFBALLOON_DOWNHYSTERESIS, "1", true);
            assertDecision(SelfballoonPolicy.process(gib(50_000), t),
                    256_000, 77_116, 34_212, 77_116, 83_260);
        }

        @Test
        void equalGoalDoesNotDivideSoAZeroHysteresisIsHarmless() {
            // downhys stored as 0 (2^32 truncated); cur == goal never divides
            SelfballoonTunables t = tunables(100);
            t.store(Tunable.SELFBALLOON_DOWNHYSTERESIS, "4294967296", true);
            assertThat(SelfballoonPolicy.process(gib(228_884), t).newTargetPages()).isEqualTo(262_144);
        }

        @Test
        void zeroDownhysteresisDividesByZeroAsTheKernelWould() {
            SelfballoonTunables t = tunables(100);
            t.store(Tunable.SELFBALLOON_DOWNHYSTERESIS, "4294967296", true);
            assertThatThrownBy(() -> SelfballoonPolicy.process(gib(50_000), t))
                    .isInstanceOf(ArithmeticException.class);
        }
    }

    @Nested
    class FloorRegions {
        @Test
        void usefulBelow16MbFloorsAtMaxPfn() {
            // max_pfn 5000, reserve 1000 → useful 4000 < 4096 → floor = 5000 (not worth ballooning)
            // goal = 100 + 1000 = 1100; tgt = 4000 − 2900/8 = 4000 − 362 = 3638 < 5000 → 5000
            // new = 5000 + 5000 − 4000 = 6000
            assertDecision(SelfballoonPolicy.process(new Inputs(4000, 100, 1000, 5000, 5000, 0, false), tunables(0)),
                    4000, 1100, 5000, 5000, 6000);
        }

        @Test
        void usefulBelow64MbFloorsAtSixteenMbPlusHalf() {
            // max_pfn 12000, reserve 500 → useful 11500 → floor = 500 + 4096 + (11500 − 4096)>>1
            //      = 4596 + 3702 = 8298; goal = 1500; tgt = 9000 − 7500/8 = 9000 − 937 = 8063 → 8298
            // new = 8298 + 12000 − 9000 = 11298
            assertDecision(SelfballoonPolicy.process(new Inputs(9000, 1000, 500, 12_000, 12_000, 0, false), tunables(0)),
                    9000, 1500, 8298, 8298, 11_298);
        }

        @Test
        void usefulBelow512MbAboveTheFloorIsUntouched() {
            // max_pfn 65536, reserve 700 → useful 64836 → floor = 700 + 10240 + (64836 − 10240)>>3
            //      = 10940 + 6824 = 17764; goal = 5700; tgt = 60000 − 54300/8 = 60000 − 6787 = 53213
            // new = 53213 + 65536 − 60000 = 58749
            assertDecision(SelfballoonPolicy.process(new Inputs(60_000, 5000, 700, 65_536, 65_536, 0, false), tunables(0)),
                    60_000, 5700, 17_764, 53_213, 58_749);
        }

        @Test
        void usefulBelow512MbClampsToFortyMbPlusAnEighth() {
            // as above with downhys 1: tgt = 5700 < 17764 → 17764; new = 17764 + 5536 = 23300
            SelfballoonTunables t = tunables(0);
            t.store(Tunable.SELFBALLOON_DOWNHYSTERESIS, "1", true);
            assertDecision(SelfballoonPolicy.process(new Inputs(60_000, 5000, 700, 65_536, 65_536, 0, false), t),
                    60_000, 5700, 17_764, 17_764, 23_300);
        }

        @Test
        void usefulFrom512MbClampsToNinetyNineMbPlusAThirtySecond() {
            // committed 0, reserved_mb 0, downhys 1: goal = 1516 → tgt = 1516 < floor 34212 → 34212
            // new = 34212 + 6144 = 40356
            SelfballoonTunables t = tunables(0);
            t.store(Tunable.SELFBALLOON_DOWNHYSTERESIS, "1", true);
            assertDecision(SelfballoonPolicy.process(gib(0), t), 256_000, 1516, 34_212, 34_212, 40_356);
        }

        @Test
        void boundariesAt64And512MbBelongToTheUpperRegion() {
            // useful 16384 (= 64 MB): 1000 + 10240 + (16384 − 10240)>>3 = 11240 + 768 = 12008
            // useful 16383:           1000 + 4096 + (16383 − 4096)>>1 = 5096 + 6143 = 11239
            // useful 131072 (512 MB): 1000 + 25344 + (131072 − 25344)>>5 = 26344 + 3304 = 29648
            // useful 131071:          1000 + 10240 + (131071 − 10240)>>3 = 11240 + 15103 = 26343
            SelfballoonTunables t = tunables(0);
            assertThat(floorFor(17_384, t)).isEqualTo(12_008);
            assertThat(floorFor(17_383, t)).isEqualTo(11_239);
            assertThat(floorFor(132_072, t)).isEqualTo(29_648);
            assertThat(floorFor(132_071, t)).isEqualTo(26_343);
        }

        @Test
        void boundaryAt16MbLeavesTheNotWorthItRegion() {
            // useful 4096: 1000 + 4096 + 0 = 5096 (region 2); useful 4095: floor = max_pfn = 5095
            SelfballoonTunables t = tunables(0);
            assertThat(floorFor(5096, t)).isEqualTo(5096);
            assertThat(floorFor(5095, t)).isEqualTo(5095);
            // region 2 is not max_pfn in general: useful 4098 → 1000 + 4096 + 1 = 5097 < 5098
            assertThat(floorFor(5098, t)).isEqualTo(5097);
        }

        private long floorFor(long maxPfn, SelfballoonTunables t) {
            return SelfballoonPolicy.process(new Inputs(1000, 100, 1000, maxPfn, maxPfn, 0, false), t).floorPages();
        }

        @Test
        void minUsableMbReplacesThePiecewiseFloor() {
            // floor = 1516 + 200·256 = 52716; goal 1516 with downhys 1 → tgt 52716; new = 58860
            SelfballoonTunables t = tunables(0);
            t.store(Tunable.SELFBALLOON_DOWNHYSTERESIS, "1", true);
            t.store(Tunable.SELFBALLOON_MIN_USABLE_MB, "200", true);
            assertDecision(SelfballoonPolicy.process(gib(0), t), 256_000, 1516, 52_716, 52_716, 58_860);
        }

        @Test
        void minUsableMbIsShiftedInThirtyTwoBits() {
            // 16777217 << 8 wraps in unsigned int to 256 → floor = 1516 + 256 = 1772; new = 1772 + 6144
            SelfballoonTunables t = tunables(0);
            t.store(Tunable.SELFBALLOON_DOWNHYSTERESIS, "1", true);
            t.store(Tunable.SELFBALLOON_MIN_USABLE_MB, "16777217", true);
            assertDecision(SelfballoonPolicy.process(gib(0), t), 256_000, 1516, 1772, 1772, 7916);
        }
    }

    @Nested
    class FrontswapTermAndConversion {
        @Test
        void frontswapPagesJoinTheGoalWhenSelfshrinkingAndFrontswapAreOn() {
            // goal = 77116 + 10000 = 87116; tgt = 256000 − 168884/8 = 256000 − 21110 = 234890
            // new = 234890 + 6144 = 241034
            SelfballoonTunables t = tunables(100);
            t.store(Tunable.FRONTSWAP_SELFSHRINKING, "1", true);
            Inputs in = new Inputs(256_000, 50_000, 1516, 262_144, 262_144, 10_000, true);
            assertDecision(SelfballoonPolicy.process(in, t), 256_000, 87_116, 34_212, 234_890, 241_034);
        }

        @Test
        void frontswapPagesStayOutWhenFrontswapIsDisabled() {
            SelfballoonTunables t = tunables(100);
            t.store(Tunable.FRONTSWAP_SELFSHRINKING, "1", true);
            Inputs in = new Inputs(256_000, 50_000, 1516, 262_144, 262_144, 10_000, false);
            assertThat(SelfballoonPolicy.process(in, t).goalPages()).isEqualTo(77_116);
        }

        @Test
        void frontswapPagesStayOutWhenSelfshrinkingIsOff() {
            Inputs in = new Inputs(256_000, 50_000, 1516, 262_144, 262_144, 10_000, true);
            assertThat(SelfballoonPolicy.process(in, tunables(100)).goalPages()).isEqualTo(77_116);
        }

        @Test
        void targetAddsTheGapBetweenCurrentPagesAndTotalram() {
            // ballooned to current 200000: totalram = 200000 − 6144 = 193856; goal 77116
            // tgt = 193856 − 116740/8 = 193856 − 14592 = 179264; new = 179264 + 200000 − 193856 = 185408
            Inputs in = new Inputs(193_856, 50_000, 1516, 262_144, 200_000, 0, false);
            assertDecision(SelfballoonPolicy.process(in, tunables(100)), 193_856, 77_116, 34_212, 179_264, 185_408);
        }

        @Test
        void reservedMbIsShiftedInThirtyTwoBits() {
            // reserved_mb 2^24: 2^24 << 8 = 2^32 wraps to 0 → goal = 50000 + 1516
            SelfballoonTunables t = tunables(0);
            t.store(Tunable.SELFBALLOON_RESERVED_MB, "16777216", true);
            assertThat(SelfballoonPolicy.process(gib(50_000), t).goalPages()).isEqualTo(51_516);
        }
    }
}
