package org.xenemu.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xenemu.caller.Caller;
import org.xenemu.guest.kernel.GuestKernel;
import org.xenemu.guest.kernel.KernelConfig;
import org.xenemu.guest.workload.MappingKind;
import org.xenemu.guest.workload.Workload;
import org.xenemu.guest.workload.WorkloadViews;
import org.xenemu.guest.workload.WorkloadViews.MmapRequest;
import org.xenemu.selfballoon.SelfballoonOptions;
import org.xenemu.toolstack.Domain;
import org.xenemu.toolstack.DomainSpec;
import org.xenemu.toolstack.DomainType;
import org.xenemu.toolstack.MemoryFixture;
import org.xenemu.xenstore.WatchSink;
import org.xenemu.xenstore.XsConnection;

/** The guest engines on real domains: balloon moves, the xenstore report, tmem on destroy. */
class GuestFacadeTest {
    MemoryFixture fx;
    GuestFacade service;
    int domid;

    @BeforeEach
    void setUp() {
        // the guest engines alone: selfballoon (on by default in a tmem guest) would move the balloon too
        fx = new MemoryFixture(MemoryFixture.smallSettings().withSelfballoon(new SelfballoonOptions(false, false, false)));
        service = fx.guests;
        // 256 MiB of 512 MiB, 64 MiB swap, tmem on, mode 2
        KernelConfig kernel = new KernelConfig(65536, true, false, 2, 50, KernelConfig.AUTO, KernelConfig.AUTO);
        domid = fx.create(new DomainSpec("g", 262144, OptionalLong.of(524288), DomainType.PV, OptionalLong.empty(),
                OptionalInt.empty(), kernel))
                .domain().domid();
    }

    GuestDomain guest() {
        return service.guest(domid).orElseThrow();
    }

    String data(String key) {
        return fx.read("/local/domain/" + domid + "/data/" + key);
    }

    @Test
    void everyDomainGetsAGuestWithCommittedAsInItsKernel() {
        Workload w = guest().workload();
        int pid = service.createProcess(Caller.DOM0, domid, "a");
        service.mmap(Caller.DOM0, domid, pid, new MmapRequest(MappingKind.ANONYMOUS, false, true, 4096, false, false));
        assertThat(fx.registry.get(domid).kernel().committedAsPages()).isEqualTo(1024).isEqualTo(w.committedPages());
    }

    @Test
    void memTotalAndCommitLimitFollowTheBalloon() {
        GuestKernel kernel = fx.registry.get(domid).kernel();
        long totalBefore = kernel.totalramPages();
        long limitBefore = guest().workload().commitLimitPages();
        assertThat(data("meminfo_total")).isEqualTo(Long.toString(totalBefore * 4));
        fx.setTarget(domid, 262144 - 65536);
        fx.advanceSeconds(2);
        assertThat(kernel.totalramPages()).isEqualTo(totalBefore - 16384);
        assertThat(guest().workload().commitLimitPages()).isEqualTo(limitBefore - 8192);
        assertThat(data("meminfo_total")).isEqualTo(Long.toString(kernel.totalramPages() * 4));
        assertThat(guest().procMeminfo()).contains("CommitLimit:    " + pad(guest().workload().commitLimitPages() * 4));
    }

    @Test
    void theBalloonTakesPageCacheOutOfTheMappingsThatHoldIt() {
        GuestKernel kernel = fx.registry.get(domid).kernel();
        int pid = service.createProcess(Caller.DOM0, domid, "reader");
        long id = service.mmap(Caller.DOM0, domid, pid,
                new MmapRequest(MappingKind.FILE, false, false, 200 * 1024, false, false)).id();
        service.touch(Caller.DOM0, domid, pid, id, 200 * 1024);
        long freeKiB = kernel.freePages() * 4;
        fx.setTarget(domid, 262144 - freeKiB - 40960); // 40 MiB more than free: from the cache
        fx.advanceSeconds(5);
        assertThat(kernel.freePages()).isZero();
        assertThat(service.process(Caller.DOM0, domid, pid).residentKiB()).isEqualTo(kernel.filePages() * 4)
                .isEqualTo(200 * 1024 - 40960);
    }

    @Test
    void smallChangesWaitForTheMinuteBigOnesAreWrittenAtOnce() {
        GuestKernel kernel = fx.registry.get(domid).kernel();
        String freeAtBoot = data("meminfo_free");
        int pid = service.createProcess(Caller.DOM0, domid, "a");
        long id = service.mmap(Caller.DOM0, domid, pid,
                new MmapRequest(MappingKind.ANONYMOUS, false, true, 64 * 1024, false, false)).id();
        service.touch(Caller.DOM0, domid, pid, id, 400); // well under 1 %
        assertThat(data("meminfo_free")).isEqualTo(freeAtBoot);
        fx.advanceSeconds(60);
        assertThat(data("meminfo_free")).isEqualTo(Long.toString(kernel.freePages() * 4));
        service.touch(Caller.DOM0, domid, pid, id, 64 * 1024); // 64 MiB: far over 1 %
        assertThat(data("meminfo_free")).isEqualTo(Long.toString(kernel.freePages() * 4));
    }

    @Test
    void anIdleGuestDoesNotRewriteTheSameFigures() {
        long atBoot = guest().publisherWrites().orElseThrow();
        fx.advanceSeconds(180);
        assertThat(guest().publisherWrites()).contains(atBoot);
    }

    @Test
    void destroyGivesFrontswapPagesBackToTheHost() {
        GuestKernel kernel = fx.registry.get(domid).kernel();
        int pid = service.createProcess(Caller.DOM0, domid, "hog");
        service.writeSysctl(Caller.DOM0, domid, "overcommit_memory", "1");
        long first = service.mmap(Caller.DOM0, domid, pid,
                new MmapRequest(MappingKind.ANONYMOUS, false, true, 200 * 1024, false, false)).id();
        service.touch(Caller.DOM0, domid, pid, first, 200 * 1024);
        long second = service.mmap(Caller.DOM0, domid, pid,
                new MmapRequest(MappingKind.ANONYMOUS, false, true, 60 * 1024, false, false)).id();
        WorkloadViews.TouchReport r = service.touch(Caller.DOM0, domid, pid, second, 60 * 1024);
        assertThat(r.oomKills()).isEmpty();
        assertThat(r.swappedOutFrontswapKiB()).isPositive();
        assertThat(fx.host.tmemPages(domid)).isEqualTo(kernel.frontswapPages()).isPositive();
        fx.host.verifyConservation();
        long hostFree = fx.host.freePages();
        long owned = fx.host.ownedPages(domid);
        long tmem = fx.host.tmemPages(domid);
        fx.destroy(domid);
        assertThat(fx.host.freePages()).isEqualTo(hostFree + owned + tmem);
        fx.host.verifyConservation();
    }

    @Test
    void aGuestThatRemovedItsDataNodeStillBalloonsWithHostAndKernelAgreeing() {
        GuestKernel kernel = fx.registry.get(domid).kernel();
        XsConnection self = fx.xenstore.connect(domid, false, WatchSink.DISCARD);
        self.rm(0, "data"); // the guest owns data/; its parent is dom0's, so rewriting it is EACCES
        long writesBefore = guest().publisherWrites().orElseThrow();

        fx.setTarget(domid, 262144 - 16384); // 4096 pages, over 6 % of MemTotal
        fx.advanceSeconds(2);

        assertThat(kernel.currentPages()).isEqualTo((262144 - 16384) / 4);
        assertThat(fx.host.ownedPages(domid)).isEqualTo(kernel.currentPages());
        assertThat(fx.registry.get(domid).balloon().balloonLowPages())
                .isEqualTo(kernel.maxPfn() - kernel.currentPages());
        fx.host.verifyConservation();
        assertThat(guest().publisherFailures().orElseThrow()).isPositive();
        assertThat(guest().publisherWrites()).contains(writesBefore);

        // and back up: the pages the balloon returns are booked on both sides too
        fx.setTarget(domid, 262144);
        fx.advanceSeconds(2);
        assertThat(kernel.currentPages()).isEqualTo(65536).isEqualTo(fx.host.ownedPages(domid));
        assertThat(fx.registry.get(domid).balloon().balloonLowPages())
                .isEqualTo(kernel.maxPfn() - kernel.currentPages());
        fx.host.verifyConservation();

        // a workload request that moves more than 1 % still answers (the report is not its business)
        int pid = service.createProcess(Caller.DOM0, domid, "a");
        long id = service.mmap(Caller.DOM0, domid, pid,
                new MmapRequest(MappingKind.ANONYMOUS, false, true, 64 * 1024, false, false)).id();
        assertThat(service.touch(Caller.DOM0, domid, pid, id, 64 * 1024).faultedKiB()).isEqualTo(64 * 1024);

        // the minute's timer survived: once dom0 gives data/ back, the next change is published
        fx.dom0Xs.mkdir(0, "/local/domain/" + domid + "/data");
        fx.dom0Xs.setPerms(0, "/local/domain/" + domid + "/data", List.of("n" + domid));
        service.touch(Caller.DOM0, domid, pid, id, 64 * 1024); // nothing new: already resident
        long small = service.mmap(Caller.DOM0, domid, pid,
                new MmapRequest(MappingKind.ANONYMOUS, false, true, 400, false, false)).id();
        service.touch(Caller.DOM0, domid, pid, small, 400); // well under 1 %: waits for the minute
        fx.advanceSeconds(60);
        assertThat(data("meminfo_free")).isEqualTo(Long.toString(kernel.freePages() * 4));
        assertThat(data("meminfo_total")).isEqualTo(Long.toString(kernel.totalramPages() * 4));
    }

    @Test
    void sysctlWritesKeepTheKernelsCopiesInStep() {
        service.writeSysctl(Caller.DOM0, domid, "overcommit_ratio", "75\n");
        Domain d = fx.registry.get(domid);
        assertThat(d.kernel().overcommitRatio()).isEqualTo(75);
        assertThat(d.kernel().overcommitMemory()).isEqualTo(2);
    }

    private static String pad(long kib) {
        String s = Long.toString(kib);
        return " ".repeat(Math.max(0, 8 - s.length())) + s + " kB";
    }
}
