package org.xenemu.balloon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.xenemu.caller.Caller;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.toolstack.Domain;
import org.xenemu.toolstack.DomainSpec;
import org.xenemu.toolstack.MemoryFixture;

/**
 * Misbehaving balloon drivers (docs/toolstack.md "Misbehaving guests"): each fault changes only
 * which pages the driver moves and when; the host and the guest stay in agreement throughout.
 */
class BalloonFaultTest {
    static final OptionalLong NO = OptionalLong.empty();
    final MemoryFixture f = MemoryFixture.small();
    Domain d;

    @BeforeEach
    void guest() {
        d = f.create(DomainSpec.pv("g", 262144).withStaticMaxKiB(524288)).domain();
        f.advanceJiffies(1);
    }

    @AfterEach
    void conserved() {
        f.host.verifyConservation();
        assertThat(d.ownedPages()).isEqualTo(d.kernel().currentPages());
        assertThat(d.kernel().currentPages() + d.balloon().balloonLowPages()).isEqualTo(d.kernel().maxPfn());
    }

    BalloonView fault(BalloonFault fault) {
        return f.balloons.setFault(Caller.DOM0, d.domid(), fault);
    }

    static BalloonFault of(BalloonFault.Mode mode, OptionalLong period, OptionalLong rate, OptionalLong floor,
                           OptionalLong ceiling) {
        return new BalloonFault(mode, period, rate, floor, ceiling);
    }

    long currentKiB() {
        return d.balloon().currentKiB();
    }

    @Test
    void aStuckDriverTakesTargetsButMovesNothingUntilTheFaultIsLifted() {
        BalloonView view = fault(of(BalloonFault.Mode.STUCK, NO, NO, NO, NO));
        assertThat(view.fault()).isEqualTo(new BalloonFaultView("stuck", null, null, null, null));
        f.setTarget(d.domid(), 131072);
        f.advanceSeconds(60);
        assertThat(d.balloon().targetKiB()).isEqualTo(131072);
        assertThat(currentKiB()).isEqualTo(262144);

        fault(BalloonFault.NONE);
        f.advanceJiffies(1);
        assertThat(currentKiB()).isEqualTo(131072);
        assertThat(f.events(BalloonFaultSet.class)).extracting(BalloonFaultSet::mode).containsExactly("stuck", "none");
    }

    @Test
    void aRateMovesThatManyKiBPerVirtualSecond() {
        fault(of(BalloonFault.Mode.NONE, NO, OptionalLong.of(4096), NO, NO));
        f.setTarget(d.domid(), 262144 - 40960);
        f.advanceSeconds(1);
        assertThat(262144 - currentKiB()).isBetween(4096L - 64, 4096L);
        f.advanceSeconds(4);
        assertThat(262144 - currentKiB()).isBetween(5 * 4096L - 64, 5 * 4096L);
        f.advanceSeconds(6);
        assertThat(currentKiB()).isEqualTo(262144 - 40960);
        assertThat(d.balloon().state()).isEqualTo(BalloonState.DONE);
        // idle time earns nothing: the next move starts at the rate again
        f.advanceSeconds(100);
        f.setTarget(d.domid(), 262144);
        f.advanceSeconds(1);
        assertThat(currentKiB()).isBetween(262144L - 40960 + 4096 - 64, 262144L - 40960 + 4096);
    }

    @Test
    void anIntermittentDriverWorksForOnePeriodAndIsStuckForTheNext() {
        fault(of(BalloonFault.Mode.INTERMITTENT, BalloonFault.periodOf(BigDecimal.TEN), OptionalLong.of(1024), NO, NO));
        f.setTarget(d.domid(), 131072);
        f.advanceSeconds(10);
        long afterWorking = currentKiB();
        assertThat(262144 - afterWorking).isBetween(10 * 1024L - 64, 10 * 1024L);
        f.advanceSeconds(10);
        assertThat(currentKiB()).as("stuck from 10 s to 20 s").isEqualTo(afterWorking);
        f.advanceSeconds(5);
        assertThat(afterWorking - currentKiB()).isBetween(5 * 1024L - 64, 5 * 1024L);
    }

    @Test
    void anIntermittentDriverWithoutARateMovesEverythingInItsWorkingWindow() {
        f.advanceSeconds(3);
        fault(of(BalloonFault.Mode.INTERMITTENT, BalloonFault.periodOf(new BigDecimal("1.5")), NO, NO, NO));
        f.advanceSeconds(2);
        f.setTarget(d.domid(), 131072);
        f.advanceSeconds(0);
        assertThat(currentKiB()).as("set at 2 s after the fault: in the stuck window [1.5, 3)").isEqualTo(262144);
        f.advanceSeconds(1);
        assertThat(currentKiB()).isEqualTo(131072);
    }

    @Test
    void aHiddenFloorStopsShrinkingSilently() {
        fault(of(BalloonFault.Mode.NONE, NO, NO, OptionalLong.of(200000), NO));
        f.setTarget(d.domid(), 131072);
        f.advanceSeconds(30);
        assertThat(currentKiB()).isEqualTo(200000);
        assertThat(d.balloon().targetKiB()).isEqualTo(131072);
        assertThat(d.balloon().state()).isEqualTo(BalloonState.DONE);
        // growing is not limited by a floor
        f.setTarget(d.domid(), 300000);
        f.advanceSeconds(1);
        assertThat(currentKiB()).isEqualTo(300000);
    }

    @Test
    void aHiddenCeilingStopsGrowingSilently() {
        fault(of(BalloonFault.Mode.NONE, NO, NO, NO, OptionalLong.of(300000)));
        f.setTarget(d.domid(), 524288);
        f.advanceSeconds(30);
        assertThat(currentKiB()).isEqualTo(300000);
        f.setTarget(d.domid(), 131072);
        f.advanceSeconds(1);
        assertThat(currentKiB()).isEqualTo(131072);
    }

    @Nested
    class Refusals {
        @Test
        void aGuestMayNotInjectFaultsEvenIntoItsOwnDriver() {
            assertThatThrownBy(() -> f.balloons.setFault(Caller.guest(d.domid(), true), d.domid(), BalloonFault.NONE))
                    .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EACCES));
        }

        @Test
        void aPeriodBelongsToIntermittentOnly() {
            assertThatThrownBy(() -> of(BalloonFault.Mode.STUCK, OptionalLong.of(1), NO, NO, NO))
                    .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
            assertThatThrownBy(() -> of(BalloonFault.Mode.INTERMITTENT, NO, NO, NO, NO))
                    .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
        }

        @Test
        void aFloorAboveTheCeilingIsEinval() {
            assertThatThrownBy(() -> of(BalloonFault.Mode.NONE, NO, NO, OptionalLong.of(2), OptionalLong.of(1)))
                    .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
        }

        @Test
        void anUnknownDomainIsEnoent() {
            assertThatThrownBy(() -> f.balloons.setFault(Caller.DOM0, 99, BalloonFault.NONE))
                    .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
        }
    }
}
