package org.xenemu.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;

/**
 * Pages held for toolstack reservations (docs/toolstack.md "Reservations"): a page state of its
 * own, out of every other allocation, counted by conservation, until a domain is built from it or
 * it is released.
 */
class HostReservationsTest {
    Host host = Host.uniform(2000, 2, 0, AllocationPolicy.NEAREST);

    @AfterEach
    void conserved() {
        host.verifyConservation();
    }

    @Test
    void reservedPagesAreOutOfEveryOtherAllocationUntilReleased() {
        host.createDomain(1, 0, 2000, 1000);
        assertThat(host.reserve("r1", 600)).containsExactly(0, 600);
        assertThat(host.freePages()).isEqualTo(400);
        assertThat(host.reservedPages()).isEqualTo(600);
        assertThat(host.reservedPages(1)).isEqualTo(600);

        assertThat(host.allocate(1, 1000)).containsExactly(0, 400);
        assertThat(host.tmemPut(1, 10)).isZero();
        assertThat(host.setPressure(10, OptionalInt.empty())).isZero();

        host.free(1, 400);
        assertThat(host.unreserve("r1")).containsExactly(0, 600);
        assertThat(host.freePages()).isEqualTo(1000);
        assertThat(host.reservedPages()).isZero();
        assertThat(host.reservations()).isEmpty();
    }

    @Test
    void aReservationIsAllOrNothing() {
        host.createDomain(1, 0, 2000, 1500);
        assertThatThrownBy(() -> host.reserve("r1", 501))
                .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOMEM));
        assertThat(host.freePages()).isEqualTo(500);
        assertThat(host.reservations()).isEmpty();
        host.reserve("r1", 500);
        assertThatThrownBy(() -> host.reserve("r1", 0))
                .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST));
    }

    @Test
    void aDomainBuiltFromAReservationTakesItsPagesAndTheRestGoesBackToFree() {
        host.reserve("r1", 800);
        long[] pages = host.createDomainFromReservation("r1", 1, 0, 1000, 500);
        assertThat(pages).containsExactly(500, 0);
        assertThat(host.ownedPages(1)).isEqualTo(500);
        assertThat(host.reservedPages()).isZero();
        assertThat(host.freePages()).isEqualTo(1500);
        assertThatThrownBy(() -> host.reservedPages("r1"))
                .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
    }

    @Test
    void aDomainLargerThanItsReservationTopsUpFromFreeOrIsRefusedWhole() {
        host.createDomain(1, 0, 2000, 1000);
        host.reserve("r1", 300);
        assertThatThrownBy(() -> host.createDomainFromReservation("r1", 2, 1, 2000, 1001))
                .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOMEM));
        assertThat(host.reservedPages("r1")).isEqualTo(300);
        assertThat(host.domains()).containsExactly(1);

        assertThat(host.createDomainFromReservation("r1", 2, 1, 2000, 1000)).containsExactly(0, 1000);
        assertThat(host.freePages()).isZero();
    }
}
