package org.xenemu.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.xenemu.guest.kernel.GuestKernel;
import org.xenemu.guest.kernel.KernelConfig;
import org.xenemu.guest.kernel.Meminfo;
import org.xenemu.guest.kernel.MeminfoFormatter;
import org.xenemu.guest.workload.MappingKind;
import org.xenemu.guest.workload.Workload;
import org.xenemu.guest.workload.WorkloadViews.MmapRequest;
import org.xenemu.host.AllocationPolicy;
import org.xenemu.host.Host;
import org.xenemu.toolstack.HostTmem;

class MeminfoFormatterTest {

    /**
     * A 512 MiB PV guest (static-max 1 GiB) with 64 MiB of swap and a small workload; the
     * expected text was worked out by hand in the comments of the resource's numbers:
     * totalram = 131072 − (2048 + 262144·64/4096) = 124928 pages; slab = totalram/64 = 1952;
     * totalreserve = ⌊√(499712·16)⌋ = 2827 kB → 706 pages ·3/2 = 1059.
     */
    @Test
    void meminfoOfAKnownStateMatchesTheHandCheckedFileByteForByte() throws IOException {
        Host host = Host.uniform(1L << 20, 2, 0, AllocationPolicy.NEAREST);
        host.createDomain(1, 0, 262144, 131072);
        GuestKernel kernel = new GuestKernel(1, false, 262144, 131072,
                new KernelConfig(65536, false, false, 0, 50, KernelConfig.AUTO, KernelConfig.AUTO));
        GuestDomain guest = new GuestDomain(kernel, new HostTmem(host, 1), e -> { });
        kernel.setEngines(guest);
        Workload w = guest.workload();

        int db = w.createProcess("db");
        long anon = w.mmap(db, new MmapRequest(MappingKind.ANONYMOUS, false, true, 100 * 1024, false, false), true).id();
        w.touch(db, anon, 40 * 1024);
        long lib = w.mmap(db, new MmapRequest(MappingKind.FILE, false, false, 8 * 1024, false, false), true).id();
        w.touch(db, lib, 8 * 1024);
        long shm = w.mmap(db, new MmapRequest(MappingKind.SHMEM, true, true, 4 * 1024, false, false), true).id();
        w.touch(db, shm, 2 * 1024);
        int web = w.createProcess("web");
        w.brk(web, 10 * 1024, true);
        w.touch(web, w.process(web).mappings().get(0).id(), 1024);

        assertThat(guest.procMeminfo()).isEqualTo(resource("/guest/meminfo-512m-workload.txt"));
        assertThat(w.overcommit().adminReserveKiB()).isEqualTo(8192);
        assertThat(w.overcommit().userReserveKiB()).isEqualTo(15372);
    }

    @Test
    void aNoMmuKernelShowsMmapCopyAfterMlocked() {
        Meminfo mi = new Meminfo(1000, 900, 900, 0, 0, 0, 0, 0, 0, 0, 0, 10, 500, 25, 0, 2000, true, 25);
        String text = MeminfoFormatter.format(mi);
        assertThat(text).contains("Mlocked:               0 kB\nMmapCopy:            100 kB\nSwapTotal:");
    }

    @Test
    void valuesWiderThanEightColumnsWidenTheLine() {
        Meminfo mi = new Meminfo(1L << 30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, false, 0);
        assertThat(MeminfoFormatter.format(mi)).startsWith("MemTotal:       4294967296 kB\n");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = MeminfoFormatterTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
