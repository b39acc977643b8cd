package org.xenemu.toolstack.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xenemu.caller.Caller;
import org.xenemu.guest.workload.MappingKind;
import org.xenemu.guest.workload.WorkloadViews;
import org.xenemu.toolstack.Domain;
import org.xenemu.toolstack.DomainSpec;

/**
 * MoM's balloon policy on a live host (docs/toolstack.md "MoM policy"; MoM's {@code balloon.rules}):
 * samples every 5 s of the host's free memory and each guest's current memory and published
 * {@code data/meminfo_free}, a decision every 10 s on the averages. Below 20 % host free every guest
 * shrinks by 5 % (never below its floor); above, a ballooned guest grows by at least 5 % up to its
 * maximum; a change of 0.25 % or less is not made.
 */
class MomOnRealGuestsTest {
    static final long M = 1024;
    static final long G = 1024 * M;

    @Test
    void underHostPressureEveryGuestShrinksByFivePercentPerDecisionAndGrowsBackWhenMemoryIsFree() {
        BalancerFixture b = new BalancerFixture(16 * G);
        Domain a = b.f.create(DomainSpec.pv("a", 4 * G)).domain();
        Domain c = b.f.create(DomainSpec.pv("c", 4 * G)).domain();
        long total = 16 * G;
        b.leaveFree(total / 10);
        b.policy(Policy.MOM);

        b.f.advanceSeconds(9);
        assertThat(b.target(a)).as("no decision before the first interval").isEqualTo(4 * G);
        b.f.advanceSeconds(1);

        long shrunk = (long) (4 * G * 0.95);
        assertThat(b.target(a)).isEqualTo(shrunk);
        assertThat(b.target(c)).isEqualTo(shrunk);
        assertThat(b.actual(a)).isEqualTo(shrunk / 4 * 4);
        assertThat(b.events(BalancerRan.class)).singleElement().satisfies(e -> {
            assertThat(e.policy()).isEqualTo("mom");
            assertThat(e.outcome()).isEqualTo("shrink");
            assertThat(e.targets()).containsEntry(Integer.toString(a.domid()), shrunk);
        });

        // the pressure goes: above 20 % free, ballooned guests grow by 5 % (capped at their maximum)
        b.leaveFree(total);
        b.f.advanceSeconds(60);
        assertThat(b.target(a)).isEqualTo(4 * G);
        assertThat(b.actual(a)).isEqualTo(4 * G);
        assertThat(b.balancer.view(Caller.DOM0).last().outcome()).isIn("grow", "no-change");
        b.f.host.verifyConservation();
    }

    @Test
    void aChangeOfAQuarterPercentOrLessIsNotMade() {
        BalancerFixture b = new BalancerFixture(16 * G);
        // balloon_min is the dynamic-min: the shrink stops there; 8000 KiB is 0.19 % of 4 GiB, 12000 KiB 0.29 %
        Domain small = b.f.create(DomainSpec.pv("small", 4 * G).withDynamicRange(4 * G - 8000, 4 * G)).domain();
        Domain big = b.f.create(DomainSpec.pv("big", 4 * G).withDynamicRange(4 * G - 12000, 4 * G)).domain();
        b.leaveFree(16 * G / 10);
        b.policy(Policy.MOM);

        b.f.advanceSeconds(10);

        assertThat(b.target(small)).isEqualTo(4 * G);
        assertThat(b.target(big)).isEqualTo(4 * G - 12000);
    }

    @Test
    void aBusyGuestShrinksByAtMostFivePercentAStepAndKeepsItsFreeShareOverWhatItUses() {
        BalancerFixture b = new BalancerFixture(16 * G);
        Domain g = b.f.create(DomainSpec.pv("g", 4 * G)).domain();
        int pid = b.f.guests.createProcess(Caller.DOM0, g.domid(), "busy");
        WorkloadViews.Mapped m = b.f.guests.mmap(Caller.DOM0, g.domid(), pid,
                new WorkloadViews.MmapRequest(MappingKind.ANONYMOUS, false, true, 3 * G, false, false));
        b.f.guests.touch(Caller.DOM0, g.domid(), pid, m.id(), 3 * G);
        b.policy(Policy.MOM);
        for (int i = 0; i < 60; i++) {
            b.leaveFree(16 * G / 10);     // the host stays at 10 % free: MoM's guest free share is 10 %
            b.f.advanceSeconds(5);
        }
        List<Long> targets = b.events(BalancerRan.class).stream()
                .map(e -> e.targets().get(Integer.toString(g.domid()))).filter(t -> t != null).toList();
        assertThat(targets).hasSizeGreaterThan(3);
        long previous = 4 * G;
        for (long t : targets) {
            assertThat(t).isGreaterThanOrEqualTo((long) (previous * 0.95) - 4);
            previous = t;
        }
        long cur = b.actual(g);
        long memFree = Long.parseLong(b.f.read("/local/domain/" + g.domid() + "/data/meminfo_free"));
        assertThat(cur).isLessThan(4 * G);
        assertThat((double) memFree / cur).isBetween(0.09, 0.11);
        b.f.host.verifyConservation();
    }
}
