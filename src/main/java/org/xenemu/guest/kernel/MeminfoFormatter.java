package org.xenemu.guest.kernel;

import org.xenemu.units.Pages;

/**
 * {@code /proc/meminfo} text, byte for byte in the layout of Linux v6.1 fs/proc/meminfo.c for an
 * x86-64 Xen PV guest (no HIGHMEM, no CMA, no ZSWAP, with MEMORY_FAILURE and transparent huge
 * pages, as a distribution kernel): every line is the field name with its colon padded to 16
 * columns, the value in kB right-aligned in 8 columns ({@code seq_put_decimal_ull_width(.., 8)},
 * wider values simply widen), then {@code " kB\n"}; the exceptions are copied from the kernel's
 * own {@code seq_printf} formats: {@code HardwareCorrupted: %5lu kB}, the HugePages counters as
 * {@code %5lu} without unit. No-MMU kernels add {@code MmapCopy} after {@code Mlocked}. Lines
 * the emulator has nothing for (Buffers, Dirty, KernelStack ...) show 0.
 */
public final class MeminfoFormatter {
    /** x86-64 4-level paging: VMALLOC_TOTAL is 32 TiB, shown in kB. */
    private static final long VMALLOC_TOTAL_KIB = (32L << 40) / 1024 - 1;

    private MeminfoFormatter() {
    }

    public static String format(Meminfo mi) {
        StringBuilder b = new StringBuilder(1600);
        pages(b, "MemTotal:", mi.totalPages());
        pages(b, "MemFree:", mi.freePages());
        pages(b, "MemAvailable:", mi.availablePages());
        pages(b, "Buffers:", 0);
        pages(b, "Cached:", mi.cachedPages());
        pages(b, "SwapCached:", 0);
        pages(b, "Active:", mi.activeAnonPages() + mi.activeFilePages());
        pages(b, "Inactive:", 0);
        pages(b, "Active(anon):", mi.activeAnonPages());
        pages(b, "Inactive(anon):", 0);
        pages(b, "Active(file):", mi.activeFilePages());
        pages(b, "Inactive(file):", 0);
        pages(b, "Unevictable:", 0);
        pages(b, "Mlocked:", 0);
        if (mi.nommu()) {
            pages(b, "MmapCopy:", mi.mmapCopyPages());
        }
        pages(b, "SwapTotal:", mi.swapTotalPages());
        pages(b, "SwapFree:", mi.swapFreePages());
        pages(b, "Dirty:", 0);
        pages(b, "Writeback:", 0);
        pages(b, "AnonPages:", mi.anonPages());
        pages(b, "Mapped:", mi.mappedPages());
        pages(b, "Shmem:", mi.shmemPages());
        pages(b, "KReclaimable:", 0);
        pages(b, "Slab:", mi.slabPages());
        pages(b, "SReclaimable:", 0);
        pages(b, "SUnreclaim:", mi.slabPages());
        kib(b, "KernelStack:", 0);
        pages(b, "PageTables:", 0);
        pages(b, "SecPageTables:", 0);
        pages(b, "NFS_Unstable:", 0);
        pages(b, "Bounce:", 0);
        pages(b, "WritebackTmp:", 0);
        pages(b, "CommitLimit:", mi.commitLimitPages());
        pages(b, "Committed_AS:", mi.committedPages());
        kib(b, "VmallocTotal:", VMALLOC_TOTAL_KIB);
        pages(b, "VmallocUsed:", 0);
        pages(b, "VmallocChunk:", 0);
        pages(b, "Percpu:", 0);
        b.append("HardwareCorrupted: ").append(pad(0, 5)).append(" kB\n");
        pages(b, "AnonHugePages:", 0);
        pages(b, "ShmemHugePages:", 0);
        pages(b, "ShmemPmdMapped:", 0);
        pages(b, "FileHugePages:", 0);
        pages(b, "FilePmdMapped:", 0);
        b.append("HugePages_Total:   ").append(pad(0, 5)).append('\n');
        b.append("HugePages_Free:    ").append(pad(0, 5)).append('\n');
        b.append("HugePages_Rsvd:    ").append(pad(0, 5)).append('\n');
        b.append("HugePages_Surp:    ").append(pad(0, 5)).append('\n');
        kib(b, "Hugepagesize:", 2048);
        kib(b, "Hugetlb:", 0);
        // a PV guest maps its memory with 4k pages only
        pages(b, "DirectMap4k:", mi.maxPfn());
        pages(b, "DirectMap2M:", 0);
        return b.toString();
    }

    private static void pages(StringBuilder b, String name, long pages) {
        kib(b, name, Pages.toKiB(pages));
    }

    private static void kib(StringBuilder b, String name, long kib) {
        b.append(name);
        for (int i = name.length(); i < 16; i++) {
            b.append(' ');
        }
        b.append(pad(kib, 8)).append(" kB\n");
    }

    /** Right-aligns an unsigned decimal in {@code width} columns; longer numbers are not cut. */
    private static String pad(long value, int width) {
        String digits = Long.toUnsignedString(value);
        return digits.length() >= width ? digits : " ".repeat(width - digits.length()) + digits;
    }
}
