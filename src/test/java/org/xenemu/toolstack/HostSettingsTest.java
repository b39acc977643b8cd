package org.xenemu.toolstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.xenemu.clock.ClockMode;
import org.xenemu.host.AllocationPolicy;
import org.xenemu.selfballoon.SelfballoonOptions;
import org.xenemu.toolstack.balancer.BalancerSettings;
import org.xenemu.toolstack.balancer.Policy;
import org.xenemu.xenstore.store.Quotas;

/** Each wither of {@link HostSettings} changes its own components and keeps every other one. */
class HostSettingsTest {
    private final HostSettings d = HostSettings.defaults();

    @Test
    void eachWitherChangesOnlyItsOwnComponents() {
        assertThat(d.withClock(ClockMode.MANUAL, 100, 2.5)).isEqualTo(new HostSettings(100, ClockMode.MANUAL, 2.5,
                d.eventHistory(), d.memoryKiB(), d.nodes(), d.xenKiB(), d.dom0KiB(), d.allocationPolicy(),
                d.balloonMaxRetryCount(), d.publishMeminfo(), d.selfballoon(), d.xenstoreQuotas(),
                d.maxIntroducedDomains(), d.issueTokens(), d.balancer()));
        assertThat(d.withClockMode(ClockMode.MANUAL)).isEqualTo(d.withClock(ClockMode.MANUAL, d.hz(), d.clockSpeed()));
        assertThat(d.withEventHistory(7)).isEqualTo(new HostSettings(d.hz(), d.clockMode(), d.clockSpeed(), 7,
                d.memoryKiB(), d.nodes(), d.xenKiB(), d.dom0KiB(), d.allocationPolicy(), d.balloonMaxRetryCount(),
                d.publishMeminfo(), d.selfballoon(), d.xenstoreQuotas(), d.maxIntroducedDomains(), d.issueTokens(),
                d.balancer()));
        assertThat(d.withHost(1 << 22, 4, 1 << 16, AllocationPolicy.ROUND_ROBIN)).isEqualTo(new HostSettings(d.hz(),
                d.clockMode(), d.clockSpeed(), d.eventHistory(), 1 << 22, 4, 1 << 16, d.dom0KiB(),
                AllocationPolicy.ROUND_ROBIN, d.balloonMaxRetryCount(), d.publishMeminfo(), d.selfballoon(),
                d.xenstoreQuotas(), d.maxIntroducedDomains(), d.issueTokens(), d.balancer()));
        assertThat(d.withDom0KiB(5)).isEqualTo(new HostSettings(d.hz(), d.clockMode(), d.clockSpeed(),
                d.eventHistory(), d.memoryKiB(), d.nodes(), d.xenKiB(), 5, d.allocationPolicy(),
                d.balloonMaxRetryCount(), d.publishMeminfo(), d.selfballoon(), d.xenstoreQuotas(),
                d.maxIntroducedDomains(), d.issueTokens(), d.balancer()));
        assertThat(d.withBalloonMaxRetryCount(9)).isEqualTo(new HostSettings(d.hz(), d.clockMode(), d.clockSpeed(),
                d.eventHistory(), d.memoryKiB(), d.nodes(), d.xenKiB(), d.dom0KiB(), d.allocationPolicy(), 9,
                d.publishMeminfo(), d.selfballoon(), d.xenstoreQuotas(), d.maxIntroducedDomains(), d.issueTokens(),
                d.balancer()));
        assertThat(d.withPublishMeminfo(!d.publishMeminfo())).isEqualTo(new HostSettings(d.hz(), d.clockMode(),
                d.clockSpeed(), d.eventHistory(), d.memoryKiB(), d.nodes(), d.xenKiB(), d.dom0KiB(),
                d.allocationPolicy(), d.balloonMaxRetryCount(), !d.publishMeminfo(), d.selfballoon(),
                d.xenstoreQuotas(), d.maxIntroducedDomains(), d.issueTokens(), d.balancer()));
        SelfballoonOptions off = new SelfballoonOptions(false, false, true);
        assertThat(d.withSelfballoon(off)).isEqualTo(new HostSettings(d.hz(), d.clockMode(), d.clockSpeed(),
                d.eventHistory(), d.memoryKiB(), d.nodes(), d.xenKiB(), d.dom0KiB(), d.allocationPolicy(),
                d.balloonMaxRetryCount(), d.publishMeminfo(), off, d.xenstoreQuotas(), d.maxIntroducedDomains(),
                d.issueTokens(), d.balancer()));
        Quotas quotas = new Quotas(3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(d.withXenstoreQuotas(quotas)).isEqualTo(new HostSettings(d.hz(), d.clockMode(), d.clockSpeed(),
                d.eventHistory(), d.memoryKiB(), d.nodes(), d.xenKiB(), d.dom0KiB(), d.allocationPolicy(),
                d.balloonMaxRetryCount(), d.publishMeminfo(), d.selfballoon(), quotas, d.maxIntroducedDomains(),
                d.issueTokens(), d.balancer()));
        assertThat(d.withMaxIntroducedDomains(2)).isEqualTo(new HostSettings(d.hz(), d.clockMode(), d.clockSpeed(),
                d.eventHistory(), d.memoryKiB(), d.nodes(), d.xenKiB(), d.dom0KiB(), d.allocationPolicy(),
                d.balloonMaxRetryCount(), d.publishMeminfo(), d.selfballoon(), d.xenstoreQuotas(), 2,
                d.issueTokens(), d.balancer()));
        assertThat(d.withIssueTokens(!d.issueTokens())).isEqualTo(new HostSettings(d.hz(), d.clockMode(),
                d.clockSpeed(), d.eventHistory(), d.memoryKiB(), d.nodes(), d.xenKiB(), d.dom0KiB(),
                d.allocationPolicy(), d.balloonMaxRetryCount(), d.publishMeminfo(), d.selfballoon(),
                d.xenstoreQuotas(), d.maxIntroducedDomains(), !d.issueTokens(), d.balancer()));
        BalancerSettings mom = BalancerSettings.DEFAULTS.withPolicy(Policy.MOM);
        assertThat(d.withBalancer(mom)).isEqualTo(new HostSettings(d.hz(), d.clockMode(), d.clockSpeed(),
                d.eventHistory(), d.memoryKiB(), d.nodes(), d.xenKiB(), d.dom0KiB(), d.allocationPolicy(),
                d.balloonMaxRetryCount(), d.publishMeminfo(), d.selfballoon(), d.xenstoreQuotas(),
                d.maxIntroducedDomains(), d.issueTokens(), mom));
    }
}
