package org.xenemu.toolstack;

import java.util.function.Consumer;
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
        return edit(b -> {
            b.hz = jiffiesPerSecond;
            b.clockMode = mode;
            b.clockSpeed = speed;
        });
    }

    public HostSettings withClockMode(ClockMode mode) {
        return edit(b -> b.clockMode = mode);
    }

    public HostSettings withEventHistory(int events) {
        return edit(b -> b.eventHistory = events);
    }

    /** The hypervisor: {@code memoryKiB} on {@code nodes} equal nodes, {@code xenKiB} of it Xen's own. */
    public HostSettings withHost(long totalKiB, int nodeCount, long xenReservedKiB, AllocationPolicy policy) {
        return edit(b -> {
            b.memoryKiB = totalKiB;
            b.nodes = nodeCount;
            b.xenKiB = xenReservedKiB;
            b.allocationPolicy = policy;
        });
    }

    public HostSettings withDom0KiB(long kib) {
        return edit(b -> b.dom0KiB = kib);
    }

    public HostSettings withBalloonMaxRetryCount(long count) {
        return edit(b -> b.balloonMaxRetryCount = count);
    }

    public HostSettings withPublishMeminfo(boolean publish) {
        return edit(b -> b.publishMeminfo = publish);
    }

    public HostSettings withSelfballoon(SelfballoonOptions options) {
        return edit(b -> b.selfballoon = options);
    }

    public HostSettings withXenstoreQuotas(Quotas quotas) {
        return edit(b -> b.xenstoreQuotas = quotas);
    }

    public HostSettings withMaxIntroducedDomains(int domains) {
        return edit(b -> b.maxIntroducedDomains = domains);
    }

    public HostSettings withIssueTokens(boolean issue) {
        return edit(b -> b.issueTokens = issue);
    }

    public HostSettings withBalancer(BalancerSettings settings) {
        return edit(b -> b.balancer = settings);
    }

    /** A copy with what {@code change} sets on a mutable copy of this one's values. */
    private HostSettings edit(Consumer<Values> change) {
        Values v = new Values(this);
        change.accept(v);
        return v.settings();
    }

    /** The record's components, settable: what each wither changes before the copy is made. */
    private static final class Values {
        int hz;
        ClockMode clockMode;
        double clockSpeed;
        int eventHistory;
        long memoryKiB;
        int nodes;
        long xenKiB;
        long dom0KiB;
        AllocationPolicy allocationPolicy;
        long balloonMaxRetryCount;
        boolean publishMeminfo;
        SelfballoonOptions selfballoon;
        Quotas xenstoreQuotas;
        int maxIntroducedDomains;
        boolean issueTokens;
        BalancerSettings balancer;

        Values(HostSettings s) {
            hz = s.hz;
            clockMode = s.clockMode;
            clockSpeed = s.clockSpeed;
            eventHistory = s.eventHistory;
            memoryKiB = s.memoryKiB;
            nodes = s.nodes;
            xenKiB = s.xenKiB;
            dom0KiB = s.dom0KiB;
            allocationPolicy = s.allocationPolicy;
            balloonMaxRetryCount = s.balloonMaxRetryCount;
            publishMeminfo = s.publishMeminfo;
            selfballoon = s.selfballoon;
            xenstoreQuotas = s.xenstoreQuotas;
            maxIntroducedDomains = s.maxIntroducedDomains;
            issueTokens = s.issueTokens;
            balancer = s.balancer;
        }

        HostSettings settings() {
            return new HostSettings(hz, clockMode, clockSpeed, eventHistory, memoryKiB, nodes, xenKiB, dom0KiB,
                    allocationPolicy, balloonMaxRetryCount, publishMeminfo, selfballoon, xenstoreQuotas,
                    maxIntroducedDomains, issueTokens, balancer);
        }
    }
}
