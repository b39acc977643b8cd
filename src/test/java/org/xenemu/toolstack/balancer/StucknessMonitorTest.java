package org.xenemu.toolstack.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** sq.ml {@code Stuckness_monitor} (note §1.4): 5 s strict, progress since the previous look, per call. */
class StucknessMonitorTest {
    private static final long S = SqueezeOptions.NANOS_PER_SECOND;
    private final StucknessMonitor monitor = new StucknessMonitor();

    /** Domain 1 with target 1000 and the given actual, inaccuracy 4. */
    private static HostSnapshot at(long actualKiB) {
        return HostSnapshot.of(0, new BalancedDomain(1, true, 0, 4000, 1000, actualKiB, 4000, 4));
    }

    @Test
    void aDomainSeenForTheFirstTimeIsActiveWhateverItsState() {
        monitor.update(at(3000), 100 * S);
        assertThat(monitor.isActive(1)).isTrue();
        assertThat(monitor.isActive(2)).isFalse();   // never seen: as if destroyed
    }

    @Test
    void noProgressForExactlyFiveSecondsIsNotStuckButAnyMoreIs() {
        monitor.update(at(3000), 0);
        monitor.update(at(3000), 5 * S);
        assertThat(monitor.isActive(1)).isTrue();
        monitor.update(at(3000), 5 * S + 1);
        assertThat(monitor.isActive(1)).isFalse();
    }

    @Test
    void oneKibTowardsTheTargetIsProgress() {
        monitor.update(at(3000), 0);
        monitor.update(at(2999), 4 * S);
        monitor.update(at(2999), 9 * S);
        assertThat(monitor.isActive(1)).isTrue();    // 9 − 4 = 5 s: not more than 5
        monitor.update(at(2999), 9 * S + 1);
        assertThat(monitor.isActive(1)).isFalse();
    }

    @Test
    void movingAwayFromTheTargetIsNotProgress() {
        monitor.update(at(3000), 0);
        monitor.update(at(3100), 3 * S);
        monitor.update(at(3200), 6 * S);
        assertThat(monitor.isActive(1)).isFalse();
    }

    @Test
    void aDomainAtItsTargetIsNeverDeclaredStuckButHittingItDoesNotClearAStuckFlag() {
        monitor.update(at(1003), 0);
        monitor.update(at(1003), 60 * S);
        assertThat(monitor.isActive(1)).isTrue();

        StucknessMonitor other = new StucknessMonitor();
        other.update(at(3000), 0);
        other.update(at(3000), 6 * S);
        assertThat(other.isActive(1)).isFalse();
        other.update(HostSnapshot.of(0, new BalancedDomain(1, true, 0, 4000, 3000, 3000, 4000, 4)), 7 * S);
        assertThat(other.isActive(1)).isFalse();     // its target moved to it: hit, yet still stuck
    }

    @Test
    void aStuckDomainBecomesActiveAgainOnceItMoves() {
        monitor.update(at(3000), 0);
        monitor.update(at(3000), 6 * S);
        assertThat(monitor.isActive(1)).isFalse();
        monitor.update(at(2990), 7 * S);
        assertThat(monitor.isActive(1)).isTrue();
    }

    @Test
    void aDomainThatLeavesTheHostIsForgottenAndStartsAfreshIfItReturns() {
        monitor.update(at(3000), 0);
        monitor.update(HostSnapshot.of(0), 6 * S);
        assertThat(monitor.isActive(1)).isFalse();
        monitor.update(at(3000), 7 * S);
        assertThat(monitor.isActive(1)).isTrue();
    }
}
