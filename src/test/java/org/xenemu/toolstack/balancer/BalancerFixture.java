package org.xenemu.toolstack.balancer;

import java.math.BigDecimal;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.xenemu.balloon.BalloonFault;
import org.xenemu.caller.Caller;
import org.xenemu.host.AllocationPolicy;
import org.xenemu.toolstack.Domain;
import org.xenemu.toolstack.DomainSpec;
import org.xenemu.toolstack.HostSettings;
import org.xenemu.toolstack.MemoryFixture;
import org.xenemu.units.Pages;

/**
 * A whole emulated host on a manual clock with real guests (kernels, balloon drivers, xenstore) and
 * the decider, for end-to-end tests of the balancer: one NUMA node, no Xen reservation, dom0
 * 128 MiB, drivers that retry forever.
 */
final class BalancerFixture {
    static final long DOM0_KIB = 131072;
    static final long TARGET_KIB = SqueezeOptions.HOST_FREE_TARGET_KIB;
    final MemoryFixture f;
    final Balancer balancer;

    BalancerFixture(long hostKiB) {
        this(hostKiB, BalancerSettings.DEFAULTS);
    }

    BalancerFixture(long hostKiB, BalancerSettings settings) {
        f = new MemoryFixture(HostSettings.defaults().withHost(hostKiB, 1, 0, AllocationPolicy.NEAREST)
                .withDom0KiB(DOM0_KIB).withBalloonMaxRetryCount(0).withBalancer(settings));
        balancer = f.emulated.balancer();
    }

    /** A PV guest holding {@code actualKiB}, static-max = dynamic-max, with its range. */
    Domain guest(String name, long minKiB, long actualKiB, long maxKiB) {
        return f.create(DomainSpec.pv(name, actualKiB).withStaticMaxKiB(maxKiB).withDynamicRange(minKiB, maxKiB))
                .domain();
    }

    void fault(Domain d, BalloonFault fault) {
        f.balloons.setFault(Caller.DOM0, d.domid(), fault);
    }

    static BalloonFault rate(long kibPerSecond) {
        return new BalloonFault(BalloonFault.Mode.NONE, OptionalLong.empty(), OptionalLong.of(kibPerSecond),
                OptionalLong.empty(), OptionalLong.empty());
    }

    static BalloonFault floor(long kibPerSecond, long floorKiB) {
        return new BalloonFault(BalloonFault.Mode.NONE, OptionalLong.empty(), OptionalLong.of(kibPerSecond),
                OptionalLong.of(floorKiB), OptionalLong.empty());
    }

    static BalloonFault ceiling(long kibPerSecond, long ceilingKiB) {
        return new BalloonFault(BalloonFault.Mode.NONE, OptionalLong.empty(), OptionalLong.of(kibPerSecond),
                OptionalLong.empty(), OptionalLong.of(ceilingKiB));
    }

    static BalloonFault stuck() {
        return new BalloonFault(BalloonFault.Mode.STUCK, OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty());
    }

    static BalloonFault intermittent(long kibPerSecond, String periodSeconds) {
        return new BalloonFault(BalloonFault.Mode.INTERMITTENT, BalloonFault.periodOf(new BigDecimal(periodSeconds)),
                OptionalLong.of(kibPerSecond), OptionalLong.empty(), OptionalLong.empty());
    }

    /** Holds everything free above {@code freeKiB} as pressure: the host is "full" but for that. */
    void leaveFree(long freeKiB) {
        f.host.setPressure(0, OptionalInt.empty());
        long pages = f.host.freePages() - Pages.fromKiB(freeKiB);
        f.host.setPressure(Math.max(0, pages), OptionalInt.empty());
    }

    long freeKiB() {
        return Pages.toKiB(f.host.freePages());
    }

    BalancerView policy(Policy p) {
        return balancer.configure(Caller.DOM0, BalancerChange.policy(p));
    }

    ReservationView reserve(long kib) {
        return balancer.reserve(Caller.DOM0, ReservationRequest.of(kib));
    }

    ReservationView reservation(String id) {
        return balancer.reservation(Caller.DOM0, id);
    }

    /** Advances second by second until the reservation settles (at most {@code seconds}). */
    ReservationView settle(String id, int seconds) {
        for (int s = 0; s <= seconds; s++) {
            ReservationView v = reservation(id);
            if (!v.state().equals("pending")) {
                return v;
            }
            f.advanceSeconds(1);
        }
        return reservation(id);
    }

    long target(Domain d) {
        return Long.parseLong(f.read("/local/domain/" + d.domid() + "/memory/target"));
    }

    long actual(Domain d) {
        return Pages.toKiB(d.ownedPages());
    }

    /**
     * squeezed's test harness check (st.ml {@code verify_memory_is_guaranteed_free}): even if every
     * guest went to target + inaccuracy, the host free target would stay free.
     */
    boolean guaranteesFreeTarget(List<Domain> guests) {
        long promised = 0;
        for (Domain d : guests) {
            promised += target(d) + BalancedDomain.SQUEEZED_INACCURACY_KIB - actual(d);
        }
        return freeKiB() - promised >= TARGET_KIB;
    }

    <T extends org.xenemu.events.XenEvent> List<T> events(Class<T> type) {
        return f.events(type);
    }
}
