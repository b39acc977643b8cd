package org.xenemu.toolstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xenemu.caller.Caller;
import org.xenemu.clock.ClockMode;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.events.XenEvent;
import org.xenemu.xenstore.WatchSink;
import org.xenemu.xenstore.XsConnection;

/**
 * A RELEASE the toolstack did not ask for (issue 18: {@code RELEASE "4294967297"} on the dom0
 * socket is domain 1, C-style, and left a toolstack record of a domain xenstore no longer knew):
 * the toolstack takes the domain for dead and destroys it before the RELEASE returns.
 */
class ReleasedDomainTest {
    final EmulatedHost host = EmulatedHost.create(HostSettings.defaults().withClockMode(ClockMode.MANUAL));
    final List<XenEvent> events = new ArrayList<>();

    ReleasedDomainTest() {
        host.events().subscribe(host.events().lastSeq(), e -> events.add(e.data()));
    }

    @Test
    void aDomainReleasedByAnotherXenstoreClientIsDestroyedAndItsPagesGoBack() {
        long freeBefore = host.toolstack().host(Caller.DOM0).freeKiB();
        int domid = host.toolstack().create(Caller.DOM0, DomainSpec.pv("victim", 262144)).domain().domid();
        int other = host.toolstack().create(Caller.DOM0, DomainSpec.pv("bystander", 131072)).domain().domid();
        host.clock().advanceSeconds(Caller.DOM0, BigDecimal.TEN);
        events.clear();

        XsConnection socketClient = host.xenstore().connect(0, true, WatchSink.DISCARD);
        socketClient.release(domid);

        assertThat(host.registry().find(domid)).as("no toolstack record of a released domain").isEmpty();
        assertThatThrownBy(() -> host.toolstack().view(Caller.DOM0, domid))
                .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
        assertThat(host.xenstore().introducedDomains()).doesNotContain(domid).contains(0, other);
        assertThat(host.toolstack().list(Caller.DOM0)).extracting(DomainView::domid).containsExactly(0, other);
        assertThat(events).extracting(e -> e.getClass().getSimpleName())
                .containsSubsequence("DomainReleased", "DomainDestroyed");
        assertThat(events).contains(new DomainReleased(domid, "victim"));
        assertThat(host.toolstack().host(Caller.DOM0).freeKiB()).isEqualTo(freeBefore - 131072);
        // the engines are gone: time moves on without them
        host.clock().advanceSeconds(Caller.DOM0, BigDecimal.TEN);
        assertThat(socketClient.isDomainIntroduced(domid)).isFalse();
    }

    @Test
    void theToolstacksOwnDestroyIsReportedOnceAndNotAsARelease() {
        int domid = host.toolstack().create(Caller.DOM0, DomainSpec.pv("plain", 262144)).domain().domid();
        events.clear();
        host.toolstack().destroy(Caller.DOM0, domid);
        assertThat(events).extracting(e -> e.getClass().getSimpleName()).containsExactly("DomainDestroyed");
    }

    @Test
    void aReleaseOfADomainTheToolstackNeverMadeChangesNoToolstackRecord() {
        int domid = host.toolstack().create(Caller.DOM0, DomainSpec.pv("kept", 262144)).domain().domid();
        XsConnection socketClient = host.xenstore().connect(0, true, WatchSink.DISCARD);
        socketClient.introduce(77, 1, 1);
        events.clear();
        socketClient.release(77);
        assertThat(host.registry().find(domid)).isPresent();
        assertThat(events).isEmpty();
    }
}
