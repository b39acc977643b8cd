package org.xenemu.toolstack.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.xenemu.toolstack.balancer.BalancerFixture.TARGET_KIB;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.xenemu.balloon.BalloonFault;
import org.xenemu.caller.Caller;
import org.xenemu.guest.GuestFacade;
import org.xenemu.guest.workload.MappingKind;
import org.xenemu.guest.workload.WorkloadViews;
import org.xenemu.toolstack.Domain;
import org.xenemu.toolstack.DomainSpec;

/**
 * The squeezed policy on a live host (docs/toolstack.md "squeezed policy"): proportional targets
 * within the ranges, domains it must leave alone, watches rather than polling, the periodic check,
 * and the uncooperative flag.
 */
class SqueezedPolicyTest {
    static final long M = 1024;
    static final long G = 1024 * M;

    @Test
    void everyBalancedDomainSitsAtTheSameFractionOfItsRangeAfterAReservation() {
        BalancerFixture b = new BalancerFixture(16 * G);
        Domain a = b.guest("a", 1 * G, 4 * G, 4 * G);
        Domain c = b.guest("c", 2 * G, 4 * G, 4 * G);
        Domain d = b.guest("d", 512 * M, 3 * G, 3 * G);
        b.leaveFree(TARGET_KIB);
        b.policy(Policy.SQUEEZED);

        ReservationView r = b.settle(b.reserve(2 * G).id(), 30);

        assertThat(r.state()).isEqualTo("ready");
        double ga = fraction(b, a, 1 * G, 4 * G);
        double gc = fraction(b, c, 2 * G, 4 * G);
        double gd = fraction(b, d, 512 * M, 3 * G);
        assertThat(gc).isCloseTo(ga, within(1e-6));
        assertThat(gd).isCloseTo(ga, within(1e-6));
        assertThat(ga).isBetween(0.0, 1.0);
        // everyone gave in proportion to its range: 2 GiB over 3 + 2 + 2.5 GiB of range
        assertThat(ga).isCloseTo(1 - 2.0 / 7.5, within(1e-4));
        assertThat(b.balancer.lastGamma().getAsDouble()).isCloseTo(ga, within(1e-4));
        BalancerView.LastRun last = b.balancer.view(Caller.DOM0).last();
        assertThat(last.outcome()).isEqualTo("succeeded");
        assertThat(last.targets()).containsOnlyKeys(Integer.toString(a.domid()), Integer.toString(c.domid()),
                Integer.toString(d.domid()));
        assertThat(b.events(BalancerRan.class)).last().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo("succeeded");
            assertThat(e.reservationId()).isEqualTo(r.id());
        });
    }

    static double fraction(BalancerFixture b, Domain d, long min, long max) {
        long target = b.target(d);
        assertThat(target).isBetween(min, max);
        return (double) (target - min) / (max - min);
    }

    @Test
    void aDomainWithoutARangeKeepsItsTargetAndOneWithoutFeatureBalloonIsLeftAlone() {
        BalancerFixture b = new BalancerFixture(16 * G);
        Domain ranged = b.guest("ranged", 1 * G, 4 * G, 4 * G);
        Domain fixed = b.f.create(DomainSpec.pv("fixed", 2 * G).withStaticMaxKiB(4 * G)).domain();
        Domain silent = b.guest("silent", 1 * G, 3 * G, 3 * G);
        b.f.dom0Xs.rm(0, "/local/domain/" + silent.domid() + "/control/feature-balloon");
        long silentMax = silent.maxPages();
        b.leaveFree(TARGET_KIB);
        b.policy(Policy.SQUEEZED);

        ReservationView r = b.settle(b.reserve(1 * G).id(), 30);

        assertThat(r.state()).isEqualTo("ready");
        assertThat(b.target(ranged)).isBetween(3 * G - 8, 3 * G);
        assertThat(b.target(fixed)).isEqualTo(2 * G);
        assertThat(b.actual(fixed)).isEqualTo(2 * G);
        assertThat(b.target(silent)).isEqualTo(3 * G);
        assertThat(silent.maxPages()).isEqualTo(silentMax);
        assertThat(b.balancer.view(Caller.DOM0).last().targets()).containsOnlyKeys(Integer.toString(ranged.domid()));
    }

    @Test
    void aRangeWrittenStraightIntoXenstoreReachesTheDeciderThroughItsWatchesNotByPolling() {
        BalancerSettings hourly = BalancerSettings.DEFAULTS.withPolicy(Policy.SQUEEZED).withIntervalSeconds(3600);
        BalancerFixture b = new BalancerFixture(16 * G, hourly);
        Domain g1 = b.guest("g1", 1 * G, 2 * G, 2 * G);
        Domain g2 = b.guest("g2", 1 * G, 2 * G, 2 * G);
        b.leaveFree(TARGET_KIB);
        b.f.advanceSeconds(1);

        // a toolstack pins g2 at 2 GiB; no periodic check comes within the hour
        b.f.dom0Xs.write(0, "/local/domain/" + g2.domid() + "/memory/dynamic-min",
                Long.toString(2 * G).getBytes(StandardCharsets.US_ASCII));
        b.f.advanceSeconds(0);
        ReservationView r = b.settle(b.reserve(1 * G).id(), 30);

        assertThat(r.state()).isEqualTo("ready");
        assertThat(b.target(g1)).isEqualTo(1 * G);
        assertThat(b.target(g2)).isEqualTo(2 * G);
    }

    /**
     * Issue 13, property seed -6394959291654578049: a reservation queued, then a range lowered in
     * the same jiffy. The decider's task was queued before the watch refresh and used to run first,
     * deciding on the old range: a target above the new dynamic-max.
     */
    @Test
    void aRangeLoweredJustBeforeAQueuedReservationRunsIsTheRangeItsFirstIterationUses() {
        BalancerFixture b = new BalancerFixture(16 * G, BalancerSettings.DEFAULTS.withPolicy(Policy.SQUEEZED));
        Domain g = b.guest("g", 3 * G, 4 * G, 4 * G);
        Domain h = b.guest("h", 1 * G, 2 * G, 2 * G);
        b.leaveFree(TARGET_KIB);
        b.f.advanceSeconds(1);

        ReservationView r = b.reserve(512 * M);
        b.f.toolstack.setDynamicRange(Caller.DOM0, g.domid(), 1 * G, 2 * G);
        r = b.settle(r.id(), 60);

        assertThat(r.state()).isEqualTo("ready");
        String gid = Integer.toString(g.domid());
        assertThat(b.events(BalancerRan.class)).filteredOn(e -> e.targets().containsKey(gid))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.targets().get(gid)).as("target of g, iteration %d", e.iteration())
                        .isBetween(1 * G, 2 * G));
        assertThat(b.target(g)).isBetween(1 * G, 2 * G);
        assertThat(b.target(h)).isBetween(1 * G, 2 * G);
    }

    @Test
    void thePeriodicCheckActsOnANewRangeAndGivesFreeMemoryBack() {
        BalancerFixture b = new BalancerFixture(16 * G, BalancerSettings.DEFAULTS.withPolicy(Policy.SQUEEZED));
        Domain g = b.guest("g", 1 * G, 3 * G, 4 * G);
        b.leaveFree(TARGET_KIB + 1 * G);
        b.f.advanceSeconds(11);
        // the surplus over 72 MiB goes to the guest, within its range
        assertThat(b.target(g)).isBetween(4 * G - 8, 4 * G);
        assertThat(b.actual(g)).isEqualTo(b.target(g));

        b.f.toolstack.setDynamicRange(Caller.DOM0, g.domid(), 1 * G, 2 * G);
        b.f.advanceSeconds(5);
        assertThat(b.actual(g)).as("nothing until the periodic check").isGreaterThanOrEqualTo(4 * G - 8);
        b.f.advanceSeconds(10);
        assertThat(b.target(g)).isEqualTo(2 * G);
        assertThat(b.actual(g)).isEqualTo(2 * G);
        assertThat(b.events(BalancerRan.class)).extracting(BalancerRan::call).containsOnly("balance");
    }

    @Test
    void aDomainOffItsTargetForMoreThanTwentySecondsIsFlaggedUncooperativeUntilItGetsThere() {
        BalancerFixture b = new BalancerFixture(16 * G);
        Domain good = b.guest("good", 1 * G, 2 * G, 2 * G);
        Domain bad = b.guest("bad", 1 * G, 2 * G, 2 * G);
        b.fault(bad, BalancerFixture.stuck());
        b.leaveFree(TARGET_KIB);
        b.policy(Policy.SQUEEZED);
        ReservationView r = b.settle(b.reserve(1 * G).id(), 30);
        assertThat(r.state()).isEqualTo("ready");
        String flag = "/local/domain/" + bad.domid() + "/memory/uncooperative";

        b.f.advanceSeconds(30);
        assertThat(b.f.read(flag)).isEmpty();
        assertThat(b.events(DomainUncooperative.class)).extracting(DomainUncooperative::name).containsExactly("bad");
        assertThat(b.balancer.view(Caller.DOM0).last().uncooperative()).containsExactly(bad.domid());
        assertThat(b.f.toolstack.view(Caller.DOM0, bad.domid()).memoryPolicy().orElseThrow().uncooperative()).isTrue();

        b.fault(bad, BalloonFault.NONE);
        b.f.advanceSeconds(30);
        assertThat(b.events(DomainCooperative.class)).extracting(DomainCooperative::name).containsExactly("bad");
        assertThat(b.f.dom0Xs.directory(0, "/local/domain/" + bad.domid() + "/memory")).doesNotContain("uncooperative");
        assertThat(b.actual(good)).isEqualTo(b.target(good));
    }

    @Test
    void maxmemFollowsTheTargetSoThatAShrunkGuestCannotGrowBehindTheDecidersBack() {
        BalancerFixture b = new BalancerFixture(16 * G);
        Domain g = b.guest("g", 1 * G, 2 * G, 2 * G);
        b.leaveFree(TARGET_KIB);
        b.policy(Policy.SQUEEZED);
        b.settle(b.reserve(512 * M).id(), 30);

        // 2·4 KiB inaccuracy margin: squeezed asks for slightly less than the exact share
        assertThat(b.target(g)).isBetween(1536 * M - 8, 1536 * M);
        assertThat(g.maxPages() * 4).isEqualTo(b.target(g));
        // a sysfs write inside the guest asks for more: Xen's maxmem refuses the pages
        g.balloon().setTarget(2 * G / 4, org.xenemu.balloon.TargetSource.SYSFS);
        b.f.advanceSeconds(5);
        assertThat(b.actual(g)).isEqualTo(b.target(g));
        b.f.host.verifyConservation();
    }

    @Test
    void withPolicyNoneNothingConnectsNothingRunsAndTargetsStayPut() {
        BalancerFixture b = new BalancerFixture(16 * G);
        Domain g = b.guest("g", 1 * G, 2 * G, 2 * G);
        b.leaveFree(TARGET_KIB + 1 * G);
        long watches = b.f.xenstore.quota(0).usage().get("watches");
        b.f.advanceSeconds(120);
        assertThat(b.target(g)).isEqualTo(2 * G);
        assertThat(b.f.dom0Xs.directory(0, "/")).doesNotContain("squeezed");
        assertThat(b.f.xenstore.quota(0).usage().get("watches")).isEqualTo(watches);
        assertThat(b.events(BalancerRan.class)).isEmpty();
        assertThat(b.balancer.view(Caller.DOM0)).satisfies(v -> {
            assertThat(v.policy()).isEqualTo("none");
            assertThat(v.last()).isNull();
        });
    }

    @Test
    void switchingSqueezedOffAbandonsItsCallAndTheNextPolicyTakesTheReservationUp() {
        BalancerFixture b = new BalancerFixture(16 * G);
        Domain slow = b.guest("slow", 1 * G, 3 * G, 3 * G);
        b.fault(slow, BalancerFixture.rate(1 * M));
        b.leaveFree(TARGET_KIB);
        b.policy(Policy.SQUEEZED);
        String id = b.reserve(1 * G).id();
        b.f.advanceSeconds(3);
        assertThat(b.balancer.view(Caller.DOM0).running()).isEqualTo("reserve " + id);

        b.policy(Policy.NONE);
        b.f.advanceSeconds(0);

        ReservationView r = b.reservation(id);
        assertThat(r.state()).isEqualTo("failed");
        assertThat(r.reason()).isEqualTo("cannot-free");
        assertThat(b.events(BalancerRan.class)).last().extracting(BalancerRan::outcome).isEqualTo("abandoned");
        assertThat(b.events(BalancerPolicyChanged.class)).extracting(BalancerPolicyChanged::policy)
                .containsExactly("squeezed", "none");
    }

    @Test
    void aGuestThatCannotSpareTheMemoryItUsesIsAFloorOfItsOwn() {
        BalancerFixture b = new BalancerFixture(16 * G);
        // no swap: the 1800 MiB it touched stay in RAM, so it cannot balloon down to 1.5 GiB
        Domain busy = b.guest("busy", 512 * M, 2 * G, 2 * G);
        Domain idle = b.guest("idle", 1 * G, 1 * G, 1 * G);
        GuestFacade guests = b.f.guests;
        int pid = guests.createProcess(Caller.DOM0, busy.domid(), "hog");
        WorkloadViews.Mapped m = guests.mmap(Caller.DOM0, busy.domid(), pid,
                new WorkloadViews.MmapRequest(MappingKind.ANONYMOUS, false, true, 1800 * M, false, false));
        guests.touch(Caller.DOM0, busy.domid(), pid, m.id(), 1800 * M);
        b.leaveFree(TARGET_KIB);
        b.policy(Policy.SQUEEZED);

        ReservationView r = b.settle(b.reserve(1 * G).id(), 60);

        assertThat(r.state()).isEqualTo("failed");
        assertThat(r.reason()).isEqualTo("domains-refused");
        assertThat(r.names()).containsExactly("busy");
        assertThat(b.actual(idle)).isEqualTo(1 * G);
        assertThat(b.actual(busy)).isGreaterThan(1800 * M).isLessThan(2 * G);
        b.f.host.verifyConservation();
    }
}
