package org.xenemu.selfballoon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Frontswap self-shrink sequences (seed 002 {@code frontswap_selfshrink}); defaults inertia 3,
 * hysteresis 20 unless a test says otherwise. Each list holds what every run answered: the target
 * frontswap is shrunk to, or -1 for "no shrink this run".
 */
class FrontswapSelfshrinkTest {
    private final SelfballoonTunables t = new SelfballoonTunables();

    private List<Long> run(FrontswapSelfshrink s, long... counts) {
        List<Long> out = new ArrayList<>();
        for (long c : counts) {
            out.add(s.observe(c, t) ? s.tgtFrontswapPages() : -1L);
        }
        return out;
    }

    @Nested
    class AsTheSeed {
        private final FrontswapSelfshrink s = new FrontswapSelfshrink(false);

        @Test
        void firstObservationCountsAsGrowthAndTheShrinkWaitsOutTheInertia() {
            // run 1: 0 → 100 grew, countdown := 3; runs 2, 3: 3 → 2 → 1; run 4: 1 → 0 → shrink to 100 − 100/20 = 95
            assertThat(run(s, 100, 100, 100, 100)).containsExactly(-1L, -1L, -1L, 95L);
        }

        @Test
        void withTheCountdownAtZeroEveryFurtherRunShrinksAgain() {
            // the seed leaves the countdown at 0: 95 → 95 − 4 = 91; 91 → 91 − 4 = 87; 87 → 87 − 4 = 83
            assertThat(run(s, 100, 100, 100, 100, 95, 91, 87)).containsExactly(-1L, -1L, -1L, 95L, 91L, 87L, 83L);
        }

        @Test
        void growthResetsTheCountdown() {
            // run 3 grew (100 → 150): countdown 3 again; runs 4, 5 count down; run 6 shrinks 150 − 7 = 143
            assertThat(run(s, 100, 100, 150, 150, 150, 150)).containsExactly(-1L, -1L, -1L, -1L, -1L, 143L);
        }

        @Test
        void anEmptyFrontswapResetsTheCountdownAndNeverShrinks() {
            assertThat(run(s, 0, 0, 0, 0, 0)).containsExactly(-1L, -1L, -1L, -1L, -1L);
            assertThat(s.inertiaCounter()).isEqualTo(3);
        }

        @Test
        void aCountAtOrBelowTheHysteresisShrinksToZero() {
            // 20 ≤ 20 → 0
            assertThat(run(s, 20, 20, 20, 20)).containsExactly(-1L, -1L, -1L, 0L);
        }

        @Test
        void aCountJustAboveTheHysteresisShrinksByOne() {
            // 21 − 21/20 = 20, then 20 → 0
            assertThat(run(s, 21, 21, 21, 21, 20)).containsExactly(-1L, -1L, -1L, 20L, 0L);
        }

        @Test
        void aLargerHysteresisShrinksInSmallerSteps() {
            // hysteresis 100: 1000 − 10 = 990
            t.store(Tunable.FRONTSWAP_HYSTERESIS, "100", true);
            assertThat(run(s, 1000, 1000, 1000, 1000)).containsExactly(-1L, -1L, -1L, 990L);
        }

        @Test
        void inertiaOneShrinksOnTheFirstStableRun() {
            t.store(Tunable.FRONTSWAP_INERTIA, "1", true);
            assertThat(run(s, 100, 100)).containsExactly(-1L, 95L);
        }

        @Test
        void storingInertiaRestartsTheCountdown() {
            // after growth countdown 3; run 2 → 2; store inertia 5 → countdown 5; four more runs count 4..1; run 7 shrinks
            run(s, 100, 100);
            assertThat(s.inertiaCounter()).isEqualTo(2);
            t.store(Tunable.FRONTSWAP_INERTIA, "5", true);
            s.resetCountdown(t);
            assertThat(s.inertiaCounter()).isEqualTo(5);
            assertThat(run(s, 100, 100, 100, 100, 100)).containsExactly(-1L, -1L, -1L, -1L, 95L);
        }

        @Test
        void zeroHysteresisDividesByZero() {
            t.store(Tunable.FRONTSWAP_HYSTERESIS, "4294967296", true);
            run(s, 100, 100, 100);
            assertThatThrownBy(() -> s.observe(100, t)).isInstanceOf(ArithmeticException.class);
        }
    }

    @Nested
    class AsTheFinalUpstreamVersion {
        private final FrontswapSelfshrink s = new FrontswapSelfshrink(true);

        @Test
        void eachShrinkRestartsTheCountdown() {
            // shrink at run 4 (95), countdown := 3; runs 5, 6 count 2, 1; run 7 shrinks 95 − 4 = 91
            assertThat(run(s, 100, 100, 100, 100, 95, 95, 95)).containsExactly(-1L, -1L, -1L, 95L, -1L, -1L, 91L);
        }

        @Test
        void stepsDownToZero() {
            // 40 → 38 → 37 → 36 ... with inertia 1 each stable run shrinks: 40−2=38, 38−1=37, ..., 21−1=20, 20 → 0
            t.store(Tunable.FRONTSWAP_INERTIA, "1", true);
            List<Long> out = run(s, 40, 40, 38, 37, 36, 35, 34, 33, 32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20);
            assertThat(out.subList(0, 4)).containsExactly(-1L, 38L, 37L, 36L);
            assertThat(out.get(out.size() - 2)).isEqualTo(20L);
            assertThat(out.get(out.size() - 1)).isEqualTo(0L);
        }
    }
}
