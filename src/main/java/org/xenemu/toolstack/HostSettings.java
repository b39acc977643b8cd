package org.xenemu.toolstack;

import org.xenemu.clock.ClockMode;
import org.xenemu.host.AllocationPolicy;
import org.xenemu.selfballoon.SelfballoonOptions;
import org.xenemu.toolstack.balancer.BalancerSettings;
import org.xenemu.xenstore.store.Quotas;

/**
 * Everything an {@link EmulatedHost} is built from, as plain values (docs/api.md "Configuration"
 * lists the properties the service maps onto it). Sizes in KiB; nodes are equal-sized with
 * distance 10 local / 20 remote.
 *
 * @param hz                   jiffies per virtual second
 * @param eventHistory         events the bus keeps for paging
 * @param balloonMaxRetryCount every new balloon driver's {@code max_retry_count} (0 = retry forever)
 * @param publishMeminfo       guests write {@code data/meminfo_total} / {@code data/meminfo_free}
 * @param maxIntroducedDomains domains besides dom0 xenstore lets be introduced at a time (0 = no bound)
 * @param issueTokens          token mode: every new domain gets a root and a user token
 * @param balancer             the host's memory decider (docs/toolstack.md): policy {@code none} by default
 */
public record HostSettings(int hz, ClockMode clockMode, double clockSpeed, int eventHistory,
                           long memoryKiB, int nodes, long xenKiB, long dom0KiB, AllocationPolicy allocationPolicy,
                           long balloonMaxRetryCount, boolean publishMeminfo, SelfballoonOptions selfballoon,
                           Quotas xenstoreQuotas, int maxIntroducedDomains, boolean issueTokens,
                           BalancerSettings balancer) {

    /** The service's defaults: 16 GiB on two nodes, Xen 128 MiB, dom0 1 GiB, realtime at 250 Hz. */
    public static HostSettings defaults() {
        return new HostSettings(250, ClockMode.REALTIME, 1.0, 10_000, 16L << 20, 2, 128L << 10, 1L << 20,
                AllocationPolicy.NEAREST, 0, true, SelfballoonOptions.DEFAULTS, Quotas.DEFAULTS, 1024, false,
                BalancerSettings.DEFAULTS);
    }

    public HostSettings withClock(ClockMode mode, int jiffiesPerSecond, double speed) {
        return new HostSettings(jiffiesPerSecond, mode, speed, eventHistory, memoryKiB, nodes, xenKiB, dom0KiB,
                allocationPolicy, balloonMaxRetryCount, publishMeminfo, selfballoon, xenstoreQuotas, maxIntroducedDomains, issueTokens, balancer);
    }

    public HostSettings withClockMode(ClockMode mode) {
        return withClock(mode, hz, clockSpeed);
    }

    public HostSettings withEventHistory(int events) {
        return new HostSettings(hz, clockMode, clockSpeed, events, memoryKiB, nodes, xenKiB, dom0KiB,
                allocationPolicy, balloonMaxRetryCount, publishMeminfo, selfballoon, xenstoreQuotas, maxIntroducedDomains, issueTokens, balancer);
    }

    /** The hypervisor: {@code memoryKiB} on {@code nodes} equal nodes, {@code xenKiB} of it Xen's own. */
    public HostSettings withHost(long totalKiB, int nodeCount, long xenReservedKiB, AllocationPolicy policy) {
        return new HostSettings(hz, clockMode, clockSpeed, eventHistory, totalKiB, nodeCount, xenReservedKiB, dom0KiB,
                policy, balloonMaxRetryCount, publishMeminfo, selfballoon, xenstoreQuotas, maxIntroducedDomains, issueTokens, balancer);
    }

    public HostSettings withDom0KiB(long kib) {
        return new HostSettings(hz, clockMode, clockSpeed, eventHistory, memoryKiB, nodes, xenKiB, kib,
                allocationPolicy, balloonMaxRetryCount, publishMeminfo, selfballoon, xenstoreQuotas, maxIntroducedDomains, issueTokens, balancer);
    }

    public HostSettings withBalloonMaxRetryCount(long count) {
        return new HostSettings(hz, clockMode, clockSpeed, eventHistory, memoryKiB, nodes, xenKiB, dom0KiB,
                allocationPolicy, count, publishMeminfo, selfballoon, xenstoreQuotas, maxIntroducedDomains, issueTokens, balancer);
    }

    public HostSettings withPublishMeminfo(boolean publish) {
        return new HostSettings(hz, clockMode, clockSpeed, eventHistory, memoryKiB, nodes, xenKiB, dom0KiB,
                allocationPolicy, balloonMaxRetryCount, publish, selfballoon, xenstoreQuotas, maxIntroducedDomains, issueTokens, balancer);
    }

    public HostSettings withSelfballoon(SelfballoonOptions options) {
        return new HostSettings(hz, clockMode, clockSpeed, eventHistory, memoryKiB, nodes, xenKiB, dom0KiB,
                allocationPolicy, balloonMaxRetryCount, publishMeminfo, options, xenstoreQuotas, maxIntroducedDomains, issueTokens, balancer);
    }

    public HostSettings withXenstoreQuotas(Quotas quotas) {
        return new HostSettings(hz, clockMode, clockSpeed, eventHistory, memoryKiB, nodes, xenKiB, dom0KiB,
                allocationPolicy, balloonMaxRetryCount, publishMeminfo, selfballoon, quotas, maxIntroducedDomains, issueTokens, balancer);
    }

    public HostSettings withMaxIntroducedDomains(int domains) {
        return new HostSettings(hz, clockMode, clockSpeed, eventHistory, memoryKiB, nodes, xenKiB, dom0KiB,
                allocationPolicy, balloonMaxRetryCount, publishMeminfo, selfballoon, xenstoreQuotas, domains, issueTokens, balancer);
    }

    public HostSettings withIssueTokens(boolean issue) {
        return new HostSettings(hz, clockMode, clockSpeed, eventHistory, memoryKiB, nodes, xenKiB, dom0KiB,
                allocationPolicy, balloonMaxRetryCount, publishMeminfo, selfballoon, xenstoreQuotas, maxIntroducedDomains, issue, balancer);
    }

    public HostSettings withBalancer(BalancerSettings settings) {
        return new HostSettings(hz, clockMode, clockSpeed, eventHistory, memoryKiB, nodes, xenKiB, dom0KiB,
                allocationPolicy, balloonMaxRetryCount, publishMeminfo, selfballoon, xenstoreQuotas, maxIntroducedDomains,
                issueTokens, settings);
    }
}
