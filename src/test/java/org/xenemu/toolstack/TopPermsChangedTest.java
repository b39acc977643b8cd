package org.xenemu.toolstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xenemu.caller.Caller;
import org.xenemu.clock.ClockMode;
import org.xenemu.events.XenEvent;
import org.xenemu.xenstore.WatchSink;
import org.xenemu.xenstore.XsConnection;

/**
 * Issue 18, "behaves like C; make it visible": dom0 may make {@code /local} world-writable, after
 * which any guest may remove every domain's home. Kept, but the change of the permissions of
 * {@code /}, {@code /local} or {@code /local/domain} is an event.
 */
class TopPermsChangedTest {
    final EmulatedHost host = EmulatedHost.create(HostSettings.defaults().withClockMode(ClockMode.MANUAL));
    final List<XenEvent> events = new ArrayList<>();

    TopPermsChangedTest() {
        host.events().subscribe(host.events().lastSeq(), e -> events.add(e.data()));
    }

    @Test
    void makingLocalWorldWritableIsAnEventAndStillAllowedAsInC() {
        int guest = host.toolstack().create(Caller.DOM0, DomainSpec.pv("g", 262144)).domain().domid();
        int other = host.toolstack().create(Caller.DOM0, DomainSpec.pv("h", 262144)).domain().domid();
        XsConnection dom0 = host.xenstore().connect(0, true, WatchSink.DISCARD);
        events.clear();

        dom0.setPerms(0, "/local", List.of("b0"));
        dom0.setPerms(0, "/local/domain", List.of("b0"));
        dom0.setPerms(0, "/", List.of("r0"));

        assertThat(events).filteredOn(XenstoreTopPermsChanged.class::isInstance).containsExactly(
                new XenstoreTopPermsChanged("/local", List.of("b0")),
                new XenstoreTopPermsChanged("/local/domain", List.of("b0")),
                new XenstoreTopPermsChanged("/", List.of("r0")));

        // as in C: with /local writable by everyone, a guest removes it, and every domain's home with it
        XsConnection guestConn = host.xenstore().connect(guest, false, WatchSink.DISCARD);
        guestConn.rm(0, "/local");
        assertThat(dom0.directory(0, "/")).doesNotContain("local");
        assertThat(other).isNotEqualTo(guest);
    }

    @Test
    void writesAndPermissionsElsewhereAreNoSuchEvent() {
        int guest = host.toolstack().create(Caller.DOM0, DomainSpec.pv("g", 262144)).domain().domid();
        XsConnection dom0 = host.xenstore().connect(0, true, WatchSink.DISCARD);
        events.clear();
        dom0.write(0, "/local", "v".getBytes(StandardCharsets.US_ASCII));
        dom0.write(0, "/local/domain/" + guest + "/x", "v".getBytes(StandardCharsets.US_ASCII));
        dom0.setPerms(0, "/local/domain/" + guest, List.of("b0"));
        dom0.setPerms(0, "/local", dom0.getPerms(0, "/local"));
        assertThat(events).noneMatch(XenstoreTopPermsChanged.class::isInstance);
    }
}
