package org.xenemu.selfballoon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.xenemu.balloon.TargetChanged;
import org.xenemu.caller.Caller;
import org.xenemu.clock.Scheduler;
import org.xenemu.events.EventBus;
import org.xenemu.events.EventEnvelope;
import org.xenemu.guest.GuestFacade;
import org.xenemu.guest.kernel.KernelConfig;
import org.xenemu.guest.workload.MappingKind;
import org.xenemu.guest.workload.WorkloadViews.MmapRequest;
import org.xenemu.toolstack.Domain;
import org.xenemu.toolstack.Toolstack;
import org.xenemu.toolstack.DomainSpec;
import org.xenemu.host.Host;

/**
 * End to end on the real host, domains and balloon drivers, manual clock. Host: 3.5 GiB, Xen
 * 128 MiB, dom0 512 MiB. Guest A (1 GiB, tmem on) selfballoons; guest B (booted with 1 GiB of a
 * 2 GiB static-max, tmem off) is asked to grow to 2 GiB, which the host cannot give at first
 * (896 MiB free), and gets there as A gives memory back.
 *
 * <p>A's figures: max_pfn 262144, totalram 256000, totalreserve 1516, reserved_mb 100 (25600
 * pages). Committed_AS 20000 → goal 47116 (floor 34212). A spike to 150000 → goal 177116.
 */
@SpringBootTest(properties = {"xenemu.clock.mode=manual", "xenemu.host.memory-kib=3670016",
        "xenemu.host.dom0-kib=524288"})
@DirtiesContext
class SelfballoonStoryTest {
    private static final long GIB_KIB = 1024 * 1024;

    @Autowired
    Toolstack domains;
    @Autowired
    Scheduler scheduler;
    @Autowired
    Host host;
    @Autowired
    EventBus events;
    @Autowired
    SelfballoonFacade selfballoon;
    @Autowired
    GuestFacade guests;

    /** tmem on, overcommit mode 1, so a spike is not refused by mode 0's "larger than RAM" test. */
    private static final KernelConfig TMEM = new KernelConfig(0, true, false, 1, 50, KernelConfig.AUTO, KernelConfig.AUTO);

    /** Charges Committed_AS with a private writable anonymous mapping of {@code pages}; returns the mapping id. */
    private long commit(Domain d, int pid, long pages) {
        return guests.mmap(Caller.DOM0, d.domid(), pid,
                new MmapRequest(MappingKind.ANONYMOUS, false, true, pages * 4, false, false)).id();
    }

    private void seconds(long s) {
        scheduler.advance(scheduler.clock().secondsToJiffies(s));
    }

    private long totalram(Domain d) {
        return scheduler.locked(() -> d.kernel().totalramPages());
    }

    @Test
    void aGuestSelfballoonsDownItsNeighbourGrowsAndASpikeBringsItBack() {
        Domain a = domains.create(Caller.DOM0, DomainSpec.pv("a", GIB_KIB).withKernel(TMEM)).domain();
        Domain b = domains.create(Caller.DOM0, DomainSpec.pv("b", GIB_KIB).withStaticMaxKiB(2 * GIB_KIB)).domain();
        int pid = guests.createProcess(Caller.DOM0, a.domid(), "app");
        commit(a, pid, 20_000);
        assertThat(scheduler.locked(() -> a.kernel().committedAsPages())).isEqualTo(20_000);
        assertThat(selfballoon.view(a.domid()).orElseThrow().selfballoonReservedMb()).isEqualTo(100);
        assertThat(selfballoon.view(b.domid()).orElseThrow().selfballooning()).isZero();

        domains.setTarget(Caller.DOM0, b.domid(), 2 * GIB_KIB);
        seconds(1);
        long bCurrent = scheduler.locked(() -> b.kernel().currentPages());
        assertThat(bCurrent).as("the host is short at first").isLessThan(524_288);

        // first run at 5 s: tgt = 256000 − (256000 − 47116)/8 = 256000 − 26110 = 229890
        seconds(4);
        assertThat(totalram(a)).isEqualTo(229_890);

        // ten minutes: A decays to within 8 pages of its goal; B gets the rest of its 2 GiB
        seconds(600);
        assertThat(totalram(a) - 47_116).isBetween(0L, 7L);
        assertThat(scheduler.locked(() -> b.kernel().currentPages())).isEqualTo(524_288);
        scheduler.locked(host::verifyConservation);

        // the spike: goal 177116, uphysteresis 1 → reached at the next run
        long before = scheduler.clock().jiffies();
        commit(a, pid, 130_000);
        seconds(5);
        assertThat(totalram(a)).isEqualTo(177_116);
        scheduler.locked(host::verifyConservation);

        List<EventEnvelope> page = events.page(0, 100_000).events();
        assertThat(page).anySatisfy(e -> assertThat(e.data()).isInstanceOfSatisfying(SelfballoonDecided.class,
                d -> assertThat(d.goal()).isEqualTo(177_116)));
        assertThat(page).anySatisfy(e -> assertThat(e.data()).isInstanceOfSatisfying(TargetChanged.class,
                t -> assertThat(t.source()).isEqualTo("selfballoon")));
        assertThat(before).isPositive();
    }

    @Test
    void destroyingADomainStopsItsDriver() {
        Domain c = domains.create(Caller.DOM0, DomainSpec.pv("c", 256 * 1024).withKernel(TMEM)).domain();
        assertThat(selfballoon.view(c.domid())).isPresent();
        domains.destroy(Caller.DOM0, c.domid());
        assertThat(selfballoon.view(c.domid())).isEmpty();
        seconds(10);
    }

    @Test
    void dom0HasTheFilesButNoWorker() {
        SelfballoonView dom0 = selfballoon.view(0).orElseThrow();
        assertThat(dom0.selfballooning()).isZero();
        assertThat(dom0.worker().pending()).isFalse();
    }

    @Test
    void anHvmGuestGetsTheTargetWithoutTheVideoOffset() {
        Domain h = domains.create(Caller.DOM0, DomainSpec.pv("h", 512 * 1024).withKernel(TMEM)
                .withType(org.xenemu.toolstack.DomainType.HVM, 8192)).domain();
        seconds(5);
        SelfballoonView v = selfballoon.view(h.domid()).orElseThrow();
        assertThat(scheduler.locked(() -> h.balloon().targetPages())).isEqualTo(v.lastDecision().newTargetPages());
        domains.destroy(Caller.DOM0, h.domid());
    }

    @Test
    void frontswapPagesComeBackFromTheHostsTmemIntoTheProcess() {
        // 512 MiB guest with 64 MiB swap; selfballooning off so only the self-shrink acts
        KernelConfig swap = new KernelConfig(64 * 1024, true, false, 1, 50, KernelConfig.AUTO, KernelConfig.AUTO);
        Domain f = domains.create(Caller.DOM0, DomainSpec.pv("f", 512 * 1024).withKernel(swap)).domain();
        selfballoon.patch(Caller.DOM0, f.domid(), java.util.Map.of(Tunable.SELFBALLOONING, "0"));
        int pid = guests.createProcess(Caller.DOM0, f.domid(), "big");
        long free = scheduler.locked(() -> f.kernel().freePages());
        long m1 = commit(f, pid, free - 1000);
        guests.touch(Caller.DOM0, f.domid(), pid, m1, (free - 1000) * 4);
        long m2 = commit(f, pid, 5000);
        guests.touch(Caller.DOM0, f.domid(), pid, m2, 5000 * 4); // 4000 pages of m1 go to frontswap
        guests.munmap(Caller.DOM0, f.domid(), pid, m2);           // room to bring them back
        long before = scheduler.locked(() -> f.kernel().frontswapPages());
        assertThat(before).isPositive();
        assertThat(scheduler.locked(() -> host.tmemPages(f.domid()))).isEqualTo(before);

        // runs 1..3 count the inertia down; run 4 shrinks to before − before/20
        seconds(20);
        long after = before - before / 20;
        assertThat(scheduler.locked(() -> f.kernel().frontswapPages())).isEqualTo(after);
        assertThat(scheduler.locked(() -> host.tmemPages(f.domid()))).isEqualTo(after);
        assertThat(events.page(0, 100_000).events()).anySatisfy(e -> assertThat(e.data())
                .isEqualTo(new FrontswapShrunk(f.domid(), before, after, after)));
        // run 5: the seed leaves the countdown at 0, so it shrinks again
        seconds(5);
        assertThat(scheduler.locked(() -> f.kernel().frontswapPages())).isEqualTo(after - after / 20);
        scheduler.locked(host::verifyConservation);
        domains.destroy(Caller.DOM0, f.domid());
    }
}
