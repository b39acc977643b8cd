package org.xenemu.toolstack.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.xenemu.toolstack.balancer.RecordingHost.settled;
import static org.xenemu.toolstack.balancer.RecordingHost.withoutBalloon;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;

/** sq.ml {@code change_host_free_memory} and its entry points as a stepped run (note §1.6, §1.7). */
class SqueezeRunTest {
    private static final long S = SqueezeOptions.NANOS_PER_SECOND;
    private static final long H = SqueezeOptions.HOST_FREE_TARGET_KIB;
    private final SqueezeOptions options = SqueezeOptions.defaults();

    /** Drives a run on squeezed's test simulator, one 0.1 s tick per step. */
    private static RunStatus drive(SqueezeRun run, SqueezeSimulator sim) {
        RunStatus status = run.step(sim.nowNanos());
        while (status instanceof RunStatus.Running) {
            sim.advance();
            status = run.step(sim.nowNanos());
        }
        return status;
    }

    @Nested
    class EntryPoints {
        @Test
        void freeMemoryAsksForTheAmountPlusTheHostFreeTargetAndGrantsTheAmount() {
            SqueezeSimulator sim = new SqueezeSimulator(H,
                    SimulatedGuest.ideal(settled(1, 100_000, 200_000, 200_000), 50_000));
            SqueezeRun run = SqueezeRun.freeMemory(sim, options, 30_000);

            RunStatus status = drive(run, sim);
            assertThat(run.requiredKiB()).isEqualTo(30_000 + H);
            assertThat(status).isInstanceOf(RunStatus.Succeeded.class);
            assertThat(((RunStatus.Succeeded) status).grantedKiB()).isEqualTo(OptionalLong.of(30_000));
            assertThat(sim.freeKiB).isGreaterThanOrEqualTo(30_000 + H);
        }

        @Test
        void aRangeIsPricedFirstThenGrantedWhatIsFreeClampedToTheRange() {
            SqueezeSimulator sim = new SqueezeSimulator(H,
                    SimulatedGuest.ideal(settled(1, 100_000, 200_000, 200_000), 50_000));
            SqueezeRun run = SqueezeRun.freeMemoryRange(sim, options, 10_000, 60_000);

            RunStatus status = drive(run, sim);
            // the virtual domain (10000..60000) beside d1 (range 100000, min_freeable 99992):
            // γ = (73728 + 99992 − 73728) / 150000 = 0.66661 → T = 10000 + 33330
            assertThat(run.requiredKiB()).isEqualTo(43_330 + H);
            long usable = sim.freeKiB - H;
            assertThat(((RunStatus.Succeeded) status).grantedKiB())
                    .isEqualTo(OptionalLong.of(Math.max(10_000, Math.min(usable, 60_000))));
        }

        @Test
        void negativeAmountsAreInvalid() {
            RecordingHost host = new RecordingHost(HostSnapshot.of(0));
            assertThatThrownBy(() -> SqueezeRun.freeMemory(host, options, -1))
                    .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
            assertThatThrownBy(() -> SqueezeRun.freeMemoryRange(host, options, 0, -1))
                    .isInstanceOf(XenException.class);
        }
    }

    @Nested
    class FastPath {
        @Test
        void enoughFreeWithEveryGuestAtTargetSucceedsAtOnceWithoutWriting() {
            RecordingHost host = new RecordingHost(HostSnapshot.of(H + 5000, settled(1, 1000, 2000, 1500)));
            SqueezeRun run = SqueezeRun.freeMemory(host, options, 5000);

            assertThat(run.step(0)).isEqualTo(new RunStatus.Succeeded(H + 5000, OptionalLong.of(5000)));
            assertThat(run.iterations()).isZero();
            assertThat(host.writes).isEmpty();
        }

        @Test
        void aGuestStillMovingMeansTheLoopRunsEvenWithEnoughFree() {
            BalancedDomain moving = new BalancedDomain(1, true, 1000, 2000, 1500, 1600, 1600, 4);
            RecordingHost host = new RecordingHost(HostSnapshot.of(H + 5000, moving));
            SqueezeRun run = SqueezeRun.freeMemory(host, options, 5000);

            assertThat(run.step(0)).isEqualTo(new RunStatus.Running(S));
            assertThat(run.iterations()).isEqualTo(1);
        }

        @Test
        void balancingNeverTakesItAndAHostWithMoreFreeThanGuestsCanTakeEndsInCannotFree() {
            // every guest at dynamic-max, 1 GiB free: not "balanced" (free − 72 MiB ≥ 512), nothing
            // left to change, nobody stuck → Failed [] → cannot free (squeezed's balance_memory swallows it)
            RecordingHost host = new RecordingHost(HostSnapshot.of(1_048_576, settled(1, 1000, 2000, 2000)));
            SqueezeRun run = SqueezeRun.balance(host, options);

            assertThat(run.step(0)).isEqualTo(new RunStatus.CannotFree(H, 1_048_576));
            assertThat(run.iterations()).isEqualTo(1);
        }

        /**
         * Not a defect (issue 13's "every day run ended cannot-free"): γ counts 2 × 4 KiB per guest
         * that a driver stopping short might not give back (sq.ml {@code min_freeable}), so once every
         * guest has hit its target, free − H is 8 KiB per guest, plus up to 4 more per guest whose
         * driver stops at the edge of its inaccuracy (squeezed's idealised test guest does, growing),
         * plus the truncation (&lt; 1 KiB each). The next iteration recomputes the same targets and
         * {@code is_balanced} (free − H &lt; 512 KiB) decides: met for a few dozen guests, never from
         * 64 on — squeezed's balance_memory then raises Cannot_free and only logs it.
         */
        @Test
        void balancingSixtyFourGuestsOrMoreEndsInCannotFreeBecauseInaccuracyCompensationLeavesEightKiBEach() {
            assertThat(balanceGuests(30)).isInstanceOf(RunStatus.Succeeded.class);

            RunStatus many = balanceGuests(100);
            assertThat(many).isInstanceOf(RunStatus.CannotFree.class);
            long overTarget = ((RunStatus.CannotFree) many).freeKiB() - H;
            assertThat(overTarget).isBetween(100 * 8L, 100 * 13L);
        }

        private RunStatus balanceGuests(int count) {
            SimulatedGuest[] guests = new SimulatedGuest[count];
            for (int i = 0; i < count; i++) {
                guests[i] = SimulatedGuest.ideal(settled(i + 1, 100_000, 200_000, 150_000), 1_000_000);
            }
            SqueezeSimulator sim = new SqueezeSimulator(H + 1_000_003, guests);
            RunStatus status = drive(SqueezeRun.balance(sim, options), sim);
            assertThat(sim.guests).allMatch(g -> Math.abs(g.actualKiB - g.targetKiB) <= 4);
            return status;
        }
    }

    @Nested
    class Writes {
        @Test
        void aDomainWithoutFeatureBalloonIsLeftAloneAndItsRangeIsNotInTheSum() {
            BalancedDomain guest = settled(1, 100_000, 200_000, 200_000);
            BalancedDomain noDriverBelowMaxmem = new BalancedDomain(2, false, 0, 500_000, 300_000, 300_000, 400_000, 4);
            RecordingHost with = new RecordingHost(HostSnapshot.of(0, guest, noDriverBelowMaxmem));
            RecordingHost without = new RecordingHost(HostSnapshot.of(0, guest));
            SqueezeRun a = SqueezeRun.freeMemory(with, options, 10_000);
            SqueezeRun b = SqueezeRun.freeMemory(without, options, 10_000);
            a.step(0);
            b.step(0);

            assertThat(a.lastIteration().orElseThrow().gamma()).isEqualTo(b.lastIteration().orElseThrow().gamma());
            // no target for d2, and its maxmem is not lowered to its target (CP-311475)
            assertThat(with.writes).isEqualTo(without.writes).isNotEmpty().allMatch(w -> w.contains(" 1 "));
        }

        @Test
        void aDomainDeclaredInactiveIsClippedToItsActualAndTheTargetMovesWithMaxmem() {
            // γ = (308 + 492 − 0) / 1000 = 0.8: asked to grow to 1800 but stuck at 1500; after more
            // than 5 s it is clipped to clamp(min(1800, 1500), 1000, 2000) = 1500
            BalancedDomain stuckLow = new BalancedDomain(1, true, 1000, 2000, 1800, 1500, 1800, 4);
            RecordingHost host = new RecordingHost(HostSnapshot.of(308, stuckLow));
            SqueezeRun run = SqueezeRun.changeHostFreeMemory(host, options, 0, new FreeGoal.AtLeast(0));
            run.step(0);
            host.writes.clear();

            run.step(5 * S);
            assertThat(host.writes).isEmpty();
            run.step(6 * S);
            assertThat(run.lastIteration().orElseThrow().declaredInactive()).containsExactly(1);
            assertThat(host.writes).containsExactly("target 1 1500", "maxmem 1 1500");
        }

        @Test
        void theClipOfADomainBelowDynamicMinRaisesItToDynamicMin() {
            BalancedDomain below = new BalancedDomain(1, true, 1000, 2000, 900, 800, 900, 4);
            RecordingHost host = new RecordingHost(HostSnapshot.of(H + 10_000, below));
            SqueezeRun run = SqueezeRun.changeHostFreeMemory(host, options, 0, new FreeGoal.AtLeast(0));
            run.step(0);
            host.writes.clear();
            run.step(6 * S);
            assertThat(host.writes).containsExactly("maxmem 1 1000", "target 1 1000");
        }
    }

    @Nested
    class Outcomes {
        private RunStatus stuckRun(int... domids) {
            BalancedDomain[] domains = new BalancedDomain[domids.length];
            for (int i = 0; i < domids.length; i++) {
                domains[i] = new BalancedDomain(domids[i], true, 1000, 2000, 1000, 1500, 1500, 4);
            }
            SqueezeRun run = SqueezeRun.freeMemory(new RecordingHost(HostSnapshot.of(0, domains)), options, 100_000);
            run.step(0);
            return run.step(6 * S);
        }

        @Test
        void stuckDomainsAreBlamedInDescendingOrder() {
            assertThat(stuckRun(1, 3)).isEqualTo(new RunStatus.DomainsRefused(List.of(3, 1)));
        }

        @Test
        void dom0AloneIsCannotFreeButDom0WithOthersIsRefused() {
            assertThat(stuckRun(0)).isEqualTo(new RunStatus.CannotFree(100_000 + H, 0));
            assertThat(stuckRun(0, 2)).isEqualTo(new RunStatus.DomainsRefused(List.of(2, 0)));
        }

        @Test
        void failuresCarryTheirReasonAndAnEnomem() {
            RunStatus.Failed cannot = new RunStatus.CannotFree(100_000 + H, 5000 + H);
            assertThat(cannot.reason()).isEqualTo(RunStatus.FailureReason.CANNOT_FREE);
            assertThat(cannot.toException().errno()).isEqualTo(Errno.ENOMEM);
            // memory_server's wrap: both minus 72 MiB before a client sees them
            assertThat(((RunStatus.CannotFree) cannot).asReportedToClients(H)).isEqualTo(new RunStatus.CannotFree(100_000, 5000));
            assertThat(new RunStatus.DomainsRefused(List.of(4)).reason()).isEqualTo(RunStatus.FailureReason.DOMAINS_REFUSED);
        }

        @Test
        void aFinishedRunAnswersItsStatusAgainAndTimeMayNotRunBackwards() {
            RecordingHost host = new RecordingHost(HostSnapshot.of(H + 5000, settled(1, 1000, 2000, 1500)));
            SqueezeRun run = SqueezeRun.freeMemory(host, options, 5000);
            RunStatus end = run.step(10 * S);
            assertThat(run.step(20 * S)).isSameAs(end);
            assertThat(host.snapshots).isEqualTo(1);

            SqueezeRun other = SqueezeRun.balance(new RecordingHost(HostSnapshot.of(0, settled(1, 1000, 2000, 1200))), options);
            other.step(10 * S);
            assertThatThrownBy(() -> other.step(9 * S)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
