package org.xenemu.toolstack.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.xenemu.toolstack.balancer.BalancerFixture.TARGET_KIB;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.xenemu.caller.Caller;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.toolstack.Domain;
import org.xenemu.toolstack.DomainSpec;
import org.xenemu.toolstack.HostView;
import org.xenemu.units.Pages;

/**
 * Reservations (docs/toolstack.md "Reservations"; squeezed's {@code reserve_memory},
 * {@code transfer_reservation_to_domain}, {@code delete_reservation}): states that move with the
 * clock, pages held out of everyone's reach and counted, squeezed's xenstore nodes, and domains
 * built from them.
 */
class ReservationsTest {
    static final long M = 1024;
    static final long G = 1024 * M;

    @Test
    void underPolicyNoneAReservationTakesWhatIsFreeAtTheNextStepNotBefore() {
        BalancerFixture b = new BalancerFixture(4 * G);
        long free = b.freeKiB();
        ReservationView pending = b.reserve(1 * G);
        assertThat(pending.state()).isEqualTo("pending");
        assertThat(b.freeKiB()).isEqualTo(free);

        b.f.advanceSeconds(0);

        ReservationView ready = b.reservation(pending.id());
        assertThat(ready.state()).isEqualTo("ready");
        assertThat(ready.kib()).isEqualTo(1 * G);
        assertThat(b.freeKiB()).isEqualTo(free - 1 * G);
        assertThat(b.f.read("/squeezed/state/xenemu/" + pending.id())).isEqualTo(Long.toString(1 * G));
        HostView host = b.f.toolstack.host(Caller.DOM0);
        assertThat(host.reservedKiB()).isEqualTo(1 * G);
        assertThat(host.freeKiB() + host.reservedKiB()).isEqualTo(free);
        b.f.host.verifyConservation();
        assertThat(b.events(ReservationReady.class)).containsExactly(new ReservationReady(pending.id(), 1 * G));
    }

    @Test
    void underPolicyNoneAReservationLargerThanWhatIsFreeFailsCannotFree() {
        BalancerFixture b = new BalancerFixture(4 * G);
        long free = b.freeKiB();
        ReservationView r = b.reserve(free + 4);
        b.f.advanceSeconds(0);
        r = b.reservation(r.id());
        assertThat(r.state()).isEqualTo("failed");
        assertThat(r.errno()).isEqualTo("ENOMEM");
        assertThat(r.reason()).isEqualTo("cannot-free");
        assertThat(r.neededKiB()).isEqualTo(free + 4);
        assertThat(r.freeKiB()).isEqualTo(free);
        assertThat(r.domids()).isEmpty();
        assertThat(b.freeKiB()).isEqualTo(free);
    }

    @Test
    void aRangeTakesWhatItCanBetweenItsBounds() {
        BalancerFixture b = new BalancerFixture(4 * G);
        b.leaveFree(1 * G);
        ReservationView r = b.balancer.reserve(Caller.DOM0, ReservationRequest.range(512 * M, 2 * G));
        assertThat(r.kib()).isNull();
        assertThat(r.minKiB()).isEqualTo(512 * M);
        b.f.advanceSeconds(0);
        assertThat(b.reservation(r.id()).kib()).isEqualTo(1 * G);
        assertThat(b.freeKiB()).isZero();
    }

    @Test
    void underSqueezedARangeIsPricedAsAVirtualDomainAndGrantedAtLeastItsMinimum() {
        BalancerFixture b = new BalancerFixture(16 * G);
        Domain g = b.guest("g", 1 * G, 3 * G, 3 * G);
        b.leaveFree(TARGET_KIB);
        b.policy(Policy.SQUEEZED);

        ReservationView r = b.settle(b.balancer.reserve(Caller.DOM0, ReservationRequest.range(512 * M, 2 * G)).id(), 30);

        // the virtual domain (512 MiB..2 GiB, holding nothing) and g (1..3 GiB) at one γ over 3.5 GiB
        // of range, with 2 GiB − 8 KiB freeable: γ = 0.5714 → T = 512 MiB + γ·1.5 GiB ≈ 1389.7 MiB;
        // squeezed then frees T + 72 MiB from g and grants what is free above 72 MiB
        assertThat(r.state()).isEqualTo("ready");
        assertThat(r.kib()).isBetween(1389 * M, 1390 * M);
        assertThat(b.target(g) + r.kib()).isBetween(3 * G - 16, 3 * G);
        b.f.host.verifyConservation();
    }

    @Test
    void aDomainBuiltFromAReservationTakesItsMemoryAndSqueezedsKeysAndTheRestGoesBack() {
        BalancerFixture b = new BalancerFixture(4 * G);
        String id = b.reserve(1 * G).id();
        b.f.advanceSeconds(0);
        long free = b.freeKiB();
        b.leaveFree(0);

        Domain d = b.f.create(DomainSpec.pv("built", 768 * M).withStaticMaxKiB(1 * G).withReservation(id)).domain();

        String home = "/local/domain/" + d.domid() + "/memory/";
        assertThat(b.f.read(home + "initial-reservation")).isEqualTo(Long.toString(1 * G));
        assertThat(b.f.read(home + "reservation-id")).isEqualTo(id);
        assertThat(b.actual(d)).isEqualTo(768 * M);
        assertThat(b.f.host.reservedPages()).isZero();
        assertThat(b.freeKiB()).isEqualTo(256 * M);
        assertThat(b.f.dom0Xs.directory(0, "/squeezed/state/xenemu")).isEmpty();
        ReservationView used = b.reservation(id);
        assertThat(used.state()).isEqualTo("transferred");
        assertThat(used.domid()).isEqualTo(d.domid());
        assertThat(b.events(ReservationTransferred.class)).containsExactly(new ReservationTransferred(id, d.domid(), 1 * G));
        b.f.host.verifyConservation();
        assertThat(free).isGreaterThan(0);
    }

    @Test
    void deletingAReadyReservationGivesItsPagesBackAndRemovesItsNode() {
        BalancerFixture b = new BalancerFixture(4 * G);
        long free = b.freeKiB();
        String id = b.reserve(1 * G).id();
        b.f.advanceSeconds(0);
        b.balancer.release(Caller.DOM0, id);
        assertThat(b.freeKiB()).isEqualTo(free);
        assertThat(b.f.dom0Xs.directory(0, "/squeezed/state/xenemu")).isEmpty();
        assertThat(b.events(ReservationReleased.class)).containsExactly(new ReservationReleased(id, "ready", 1 * G));
        assertThatThrownBy(() -> b.reservation(id))
                .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
    }

    @Test
    void deletingAReservationSqueezedIsWorkingOnAbandonsTheRunAndTheNextOneStarts() {
        BalancerFixture b = new BalancerFixture(16 * G);
        Domain slow = b.guest("slow", 1 * G, 3 * G, 3 * G);
        b.fault(slow, BalancerFixture.rate(1 * M));
        b.leaveFree(TARGET_KIB + 512 * M);
        b.policy(Policy.SQUEEZED);
        String first = b.reserve(1 * G).id();
        String second = b.reserve(256 * M).id();
        b.f.advanceSeconds(2);
        assertThat(b.reservation(second).state()).isEqualTo("pending");

        b.balancer.release(Caller.DOM0, first);
        b.fault(slow, org.xenemu.balloon.BalloonFault.NONE);
        b.f.advanceSeconds(3);

        assertThat(b.reservation(second).state()).isEqualTo("ready");
        assertThat(b.events(BalancerRan.class)).extracting(BalancerRan::outcome).contains("abandoned", "succeeded");
    }

    @Nested
    class Refusals {
        BalancerFixture b = new BalancerFixture(4 * G);

        @Test
        void aGuestMayNotReserve() {
            assertThatThrownBy(() -> b.balancer.reserve(Caller.guest(1, true), ReservationRequest.of(1)))
                    .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EACCES));
        }

        @Test
        void kibAndARangeTogetherOrNeitherAreEinval() {
            assertThatThrownBy(() -> new ReservationRequest(java.util.OptionalLong.of(1), java.util.OptionalLong.of(1),
                    java.util.OptionalLong.of(2)))
                    .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
            assertThatThrownBy(() -> ReservationRequest.range(2, 1))
                    .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
        }

        @Test
        void buildingFromAPendingReservationIsEbusyAndChangesNothing() {
            String id = b.reserve(1 * G).id();
            assertThatThrownBy(() -> b.f.create(DomainSpec.pv("x", 512 * M).withReservation(id)))
                    .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBUSY));
            assertThat(b.f.registry.size()).isEqualTo(1);
        }

        @Test
        void buildingFromAFailedReservationIsEinvalAndFromAnUnknownOneEnoent() {
            String id = b.reserve(64 * G).id();
            b.f.advanceSeconds(0);
            assertThatThrownBy(() -> b.f.create(DomainSpec.pv("x", 512 * M).withReservation(id)))
                    .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
            assertThatThrownBy(() -> b.f.create(DomainSpec.pv("x", 512 * M).withReservation("r99")))
                    .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
        }

        @Test
        void aBuildThatFailsLeavesTheReservationHoldingItsMemory() {
            String id = b.reserve(1 * G).id();
            b.f.advanceSeconds(0);
            b.leaveFree(0);
            // larger than the reservation and nothing free to top it up: ENOMEM, all or nothing
            assertThatThrownBy(() -> b.f.create(DomainSpec.pv("x", 2 * G).withReservation(id)))
                    .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOMEM));
            // a name already taken fails after the pages moved: they go back to the reservation
            assertThatThrownBy(() -> b.f.create(DomainSpec.pv("Domain-0", 512 * M).withReservation(id)))
                    .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST));
            assertThat(b.reservation(id).state()).isEqualTo("ready");
            assertThat(b.f.host.reservedPages(id)).isEqualTo(Pages.fromKiB(1 * G));
            b.f.host.verifyConservation();
        }
    }
}
