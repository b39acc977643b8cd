package org.xenemu.guest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.xenemu.guest.kernel.GuestKernel;
import org.xenemu.guest.kernel.KernelConfig;
import org.xenemu.guest.workload.MappingKind;
import org.xenemu.guest.workload.Workload;
import org.xenemu.guest.workload.WorkloadViews.MmapRequest;
import org.xenemu.host.AllocationPolicy;
import org.xenemu.host.Host;
import org.xenemu.toolstack.HostTmem;

/** docs/memory.md "Balloon driver": a down step takes free pages, then page cache, never more than MemAvailable. */
class GuestKernelBalloonTest {
    final Host host = Host.uniform(1L << 20, 2, 0, AllocationPolicy.NEAREST);
    final GuestKernel kernel;
    final GuestDomain guest;

    GuestKernelBalloonTest() {
        host.createDomain(1, 0, 65536, 65536);
        kernel = new GuestKernel(1, false, 65536, 65536,
                new KernelConfig(0, false, false, 1, 50, KernelConfig.AUTO, 1000));
        guest = new GuestDomain(kernel, new HostTmem(host, 1), e -> { });
        kernel.setEngines(guest);
    }

    @Test
    void takesFreeThenCacheAndStopsAtMemAvailable() {
        Workload w = guest.workload();
        int pid = w.createProcess("p");
        long file = w.mmap(pid, new MmapRequest(MappingKind.FILE, false, false, 40000, false, false), false).id();
        w.touch(pid, file, 40000);
        long anon = w.mmap(pid, new MmapRequest(MappingKind.ANONYMOUS, false, true, 120000, false, false), false).id();
        w.touch(pid, anon, 120000);
        long free = kernel.freePages();
        long available = kernel.memAvailablePages();
        assertThat(available).isEqualTo(free + 10000 - 1000);

        long taken = kernel.takeForBalloon(free + 4000);
        assertThat(taken).isEqualTo(free + 4000);
        assertThat(kernel.freePages()).isZero();
        assertThat(kernel.filePages()).isEqualTo(6000);
        assertThat(w.process(pid).mappings().get(0).residentKiB()).isEqualTo(6000 * 4);

        assertThat(kernel.takeForBalloon(1_000_000)).as("never more than MemAvailable").isEqualTo(5000);
        assertThat(kernel.filePages()).isEqualTo(1000);
        assertThat(kernel.memAvailablePages()).isZero();
        assertThat(kernel.takeForBalloon(512)).isZero();
        assertThat(w.process(pid).residentKiB()).isEqualTo(1000 * 4 + 30000 * 4);
    }

    @Test
    void commitLimitFollowsCurrentPages() {
        long before = guest.workload().commitLimitPages();
        kernel.takeForBalloon(2000);
        assertThat(guest.workload().commitLimitPages()).isEqualTo(before - 1000);
        kernel.returnFromBalloon(2000);
        assertThat(guest.workload().commitLimitPages()).isEqualTo(before);
    }

    @Test
    void aListenerThatThrowsDoesNotHalfFinishABalloonStep() {
        kernel.setEngines(new GuestKernel.Engines() {
            @Override public void dropCacheForBalloon(long pages) { guest.dropCacheForBalloon(pages); }
            @Override public long frontswapShrink(long targetPages) { return 0; }
            @Override public long committedAsPages() { return 0; }
            @Override public void memoryChanged() { throw new IllegalStateException("listener broke"); }
        });
        long before = kernel.currentPages();
        assertThat(kernel.takeForBalloon(512)).isEqualTo(512);
        assertThat(kernel.currentPages()).isEqualTo(before - 512);
        kernel.returnFromBalloon(512);
        assertThat(kernel.currentPages()).isEqualTo(before);
    }
}
