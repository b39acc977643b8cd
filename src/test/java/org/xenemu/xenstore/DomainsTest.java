package org.xenemu.xenstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xenemu.error.Errno;

/** INTRODUCE / RELEASE / RESUME / SET_TARGET / IS_DOMAIN_INTRODUCED (xenstore.txt "Domain management"). */
class DomainsTest extends XsFixture {
    @Test
    void introduceCreatesNoNodesButMarksTheDomain() {
        dom0.introduce(3, 77, 1);
        assertThat(dom0.isDomainIntroduced(3)).isTrue();
        assertThat(xs.introducedDomains()).containsExactly(0, 3);
        assertThat(dom0.directory(0, "/local/domain")).containsExactly("0");
    }

    @Test
    void reintroduceWithTheSameRingIsOkWithAnotherIsEinval() {
        dom0.watch("@introduceDomain", "i");
        dom0.introduce(3, 77, 1);
        dom0.introduce(3, 77, 2);
        assertErrno(Errno.EINVAL, () -> dom0.introduce(3, 78, 1));
        assertThat(dom0Events.drain()).containsExactly("@introduceDomain|i", "@introduceDomain|i");
    }

    @Test
    void releaseRemovesTheNodesTheDomainOwnsAndDropsItsWatchesAndTransactions() {
        XsConnection g = guest(4);
        g.write(0, "data/x", b("1"));
        dom0.write(0, "/shared/kept", b("1"));
        dom0.setPerms(0, "/shared", List.of("n0", "b4"));
        g.write(0, "/shared/guest-made", b("1"));
        dom0.write(0, "/local/domain/4/dom0-owned", b("1"));
        g.watch("/", "w");
        long tx = g.transactionStart(0);
        dom0.watch("/local/domain/4", "home");
        dom0Events.drain();
        dom0.release(4);
        assertErrno(Errno.ENOENT, () -> dom0.read(0, "/local/domain/4"));
        assertErrno(Errno.ENOENT, () -> dom0.read(0, "/shared/guest-made"));
        assertThat(s(dom0.read(0, "/shared/kept"))).isEqualTo("1");
        assertThat(dom0Events.drain()).contains("/local/domain/4|home");
        assertThat(xs.quota(4).usage()).containsEntry("nodes", 0L).containsEntry("watches", 0L)
                .containsEntry("transactions", 0L);
        assertErrno(Errno.ENOENT, () -> g.transactionEnd(tx, true));
        assertThat(dom0.isDomainIntroduced(4)).isFalse();
    }

    @Test
    void releaseOfUnknownDomainIsEnoentAndOfDom0IsEinval() {
        assertErrno(Errno.ENOENT, () -> dom0.release(42));
        assertErrno(Errno.EINVAL, () -> dom0.release(0));
    }

    @Test
    void resumeAndSetTargetNeedIntroducedDomains() {
        assertErrno(Errno.ENOENT, () -> dom0.resume(5));
        assertErrno(Errno.ENOENT, () -> dom0.setTarget(5, 0));
        dom0.introduce(5, 1, 1);
        dom0.resume(5);
        dom0.setTarget(5, 0);
    }

    @Test
    void domidsOutsideTheRangeAreEinval() {
        assertErrno(Errno.EINVAL, () -> dom0.introduce(0x7FF0, 1, 1));
        assertErrno(Errno.EINVAL, () -> dom0.release(-1));
    }
}
