package org.xenemu.xenstore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.xenemu.error.Errno;
import org.xenemu.xenstore.store.Quotas;

/**
 * The bound on introduced domains (issue 18: 25,000 INTRODUCEs of made-up domids each got a guest
 * socket, until the service could not accept anything, and every one was answered OK). Past it
 * INTRODUCE answers ENOMEM, what C xenstored's {@code do_introduce} answers when it cannot create
 * another domain ({@code alloc_domain}, {@code new_domain}: {@code errno = ENOMEM}).
 */
class IntroduceQuotaTest extends XsFixture {
    private static final int MAX = 3;

    IntroduceQuotaTest() {
        xs = new XenstoreEngine(Quotas.DEFAULTS, MAX);
        dom0 = xs.connect(0, true, dom0Events);
    }

    private void introduceUpToTheQuota() {
        for (int domid = 1; domid <= MAX; domid++) {
            dom0.introduce(domid, 1000 + domid, 1);
        }
    }

    @Test
    void introducePastTheQuotaIsEnomemAndChangesNothing() {
        introduceUpToTheQuota();
        dom0.watch("@introduceDomain", "i");
        dom0Events.drain();
        assertErrno(Errno.ENOMEM, () -> dom0.introduce(MAX + 1, 7, 1));
        assertThat(dom0.isDomainIntroduced(MAX + 1)).isFalse();
        assertThat(xs.introducedDomains()).containsExactly(0, 1, 2, 3);
        assertThat(dom0Events.drain()).isEmpty();
    }

    @Test
    void reintroducingAnIntroducedDomainAtTheQuotaIsStillOk() {
        introduceUpToTheQuota();
        dom0.introduce(MAX, 1000 + MAX, 2);
        assertThat(dom0.isDomainIntroduced(MAX)).isTrue();
    }

    @Test
    void releaseMakesRoomForAnotherDomain() {
        introduceUpToTheQuota();
        dom0.release(2);
        dom0.introduce(MAX + 1, 7, 1);
        assertThat(xs.introducedDomains()).containsExactly(0, 1, 3, 4);
    }

    @Test
    void dom0IsNotCountedAndCanAlwaysBeReintroduced() {
        introduceUpToTheQuota();
        dom0.introduce(0, 0, 1);
        assertThat(xs.introducedDomains()).hasSize(MAX + 1);
    }

    @Test
    void zeroMeansNoBoundForInProcessHostsThatBuildTheirOwnFleets() {
        xs = new XenstoreEngine(Quotas.DEFAULTS, 0);
        dom0 = xs.connect(0, true, dom0Events);
        for (int domid = 1; domid <= 2000; domid++) {
            dom0.introduce(domid, domid, 1);
        }
        assertThat(xs.introducedDomains()).hasSize(2001);
    }
}
