package org.xenemu.guest.workload;

import java.util.List;
import org.xenemu.error.XenException;
import org.xenemu.linux.SysctlParser;
import org.xenemu.units.Pages;

/**
 * The overcommit sysctls of one guest and the kernel's admission check
 * ({@code __vm_enough_memory} in mm/util.c), per docs/memory.md "Overcommit accounting" and the
 * overcommit-accounting seed.
 *
 * <p>Worked examples (pages; totalram 1000, no swap, ratio 50 → CommitLimit 500, admin reserve
 * 100, user reserve 200, a process of 320 pages so min(320/32, 200) = 10):
 * <ul>
 *   <li>mode 2, unprivileged, Committed_AS 380: allowed = 500 − 100 − 10 = 390; a charge of 9
 *       gives 389 &lt; 390 → admitted; a charge of 10 gives 390, not below → ENOMEM.</li>
 *   <li>the same request from root skips the admin reserve: allowed = 490.</li>
 *   <li>mode 0: a single charge of 1001 (&gt; totalram + swap) is refused, 1000 is admitted
 *       whatever is already committed.</li>
 * </ul>
 */
public final class Overcommit {
    public static final String OVERCOMMIT_MEMORY = "overcommit_memory";
    public static final String OVERCOMMIT_RATIO = "overcommit_ratio";
    public static final String OVERCOMMIT_KBYTES = "overcommit_kbytes";
    public static final String ADMIN_RESERVE_KBYTES = "admin_reserve_kbytes";
    public static final String USER_RESERVE_KBYTES = "user_reserve_kbytes";
    public static final List<String> SYSCTLS = List.of(OVERCOMMIT_MEMORY, OVERCOMMIT_RATIO,
            OVERCOMMIT_KBYTES, ADMIN_RESERVE_KBYTES, USER_RESERVE_KBYTES);

    public static final int GUESS = 0;
    public static final int ALWAYS = 1;
    public static final int NEVER = 2;

    private int mode;
    private int ratio;
    private long kbytes;
    private long adminReserveKiB;
    private long userReserveKiB;

    public Overcommit(int mode, int ratio, long kbytes, long adminReserveKiB, long userReserveKiB) {
        if (mode < 0 || mode > 2) {
            throw XenException.invalid("overcommit_memory must be 0, 1 or 2");
        }
        this.mode = mode;
        this.ratio = ratio;
        this.kbytes = kbytes;
        this.adminReserveKiB = adminReserveKiB;
        this.userReserveKiB = userReserveKiB;
    }

    /**
     * Boot defaults: the reserves are computed once from the free memory at boot
     * (mm/mmap.c {@code init_admin_reserve}/{@code init_user_reserve}: free/32 capped at 8 MiB and
     * 128 MiB).
     */
    public static Overcommit atBoot(int mode, int ratio, long freePagesAtBoot) {
        long freeKiB = Pages.toKiB(freePagesAtBoot);
        return new Overcommit(mode, ratio, 0, Math.min(freeKiB / 32, 8192), Math.min(freeKiB / 32, 131072));
    }

    public int mode() {
        return mode;
    }

    public int ratio() {
        return ratio;
    }

    public long kbytes() {
        return kbytes;
    }

    public long adminReserveKiB() {
        return adminReserveKiB;
    }

    public long userReserveKiB() {
        return userReserveKiB;
    }

    /**
     * {@code vm_commit_limit()}: (kbytes ≠ 0 ? kbytes / 4 : totalram × ratio / 100) + swap. The
     * kernel computes in unsigned long with an int ratio that is never range-checked, so a
     * negative ratio wraps; we do the same arithmetic (the result is an unsigned 64-bit value).
     */
    public long commitLimitPages(long totalramPages, long swapPages) {
        long base;
        if (kbytes != 0) {
            base = Pages.fromKiBUnsigned(kbytes);
        } else {
            base = Long.divideUnsigned(totalramPages * (long) ratio, 100);
        }
        return base + swapPages;
    }

    /**
     * The admission decision for {@code chargePages} (&gt; 0) more committed pages. Throws ENOMEM
     * (nothing changed) or returns normally. {@code processVmPages} is the calling process's
     * total mapped size ({@code mm->total_vm}) before the request.
     */
    public void verifyAdmission(long chargePages, long committedPages, long totalramPages, long swapPages,
                                long processVmPages, boolean privileged) {
        if (chargePages <= 0 || mode == ALWAYS) {
            return;
        }
        if (mode == GUESS) {
            if (chargePages > totalramPages + swapPages) {
                throw XenException.noMemory("overcommit_memory=0: a request of " + Pages.toKiB(chargePages)
                        + " kB exceeds RAM + swap (" + Pages.toKiB(totalramPages + swapPages) + " kB)");
            }
            return;
        }
        // allowed is a signed long in the kernel: a wrapped CommitLimit shows as negative here
        long allowed = commitLimitPages(totalramPages, swapPages);
        if (!privileged) {
            allowed -= Pages.fromKiBUnsigned(adminReserveKiB);
        }
        allowed -= Math.min(processVmPages / 32, Pages.fromKiBUnsigned(userReserveKiB));
        if (!(committedPages + chargePages < allowed)) {
            throw XenException.noMemory("overcommit_memory=2: committing " + Pages.toKiB(chargePages)
                    + " kB more would reach " + Pages.toKiB(committedPages + chargePages)
                    + " kB, the limit for this caller is " + Pages.toKiB(allowed) + " kB");
        }
    }

    /** The text {@code cat /proc/sys/vm/NAME} shows: {@code %d} or {@code %lu}, then a newline. */
    public String read(String name) {
        return switch (name) {
            case OVERCOMMIT_MEMORY -> mode + "\n";
            case OVERCOMMIT_RATIO -> ratio + "\n";
            case OVERCOMMIT_KBYTES -> Long.toUnsignedString(kbytes) + "\n";
            case ADMIN_RESERVE_KBYTES -> Long.toUnsignedString(adminReserveKiB) + "\n";
            case USER_RESERVE_KBYTES -> Long.toUnsignedString(userReserveKiB) + "\n";
            default -> throw XenException.notFound("no sysctl vm." + name);
        };
    }

    /**
     * A write of raw text, parsed as the kernel's handler for that file does:
     * overcommit_memory {@code proc_dointvec_minmax} 0..2; overcommit_ratio {@code proc_dointvec}
     * (any int) and zeroes overcommit_kbytes; overcommit_kbytes {@code proc_doulongvec_minmax}
     * and zeroes overcommit_ratio; the reserves {@code proc_doulongvec_minmax}. Junk (and
     * whitespace only) is EINVAL and changes nothing.
     *
     * <p>An empty write ({@code write(fd, buf, 0)}) succeeds: {@code __do_proc_dointvec} and
     * {@code __do_proc_doulongvec_minmax} return 0 at once when {@code *lenp == 0}, so no value is
     * stored. The mm/util.c wrappers still see a successful write, though:
     * {@code overcommit_ratio_handler} then zeroes overcommit_kbytes and
     * {@code overcommit_kbytes_handler} zeroes overcommit_ratio, exactly as after a real value
     * (the real system wins over "an empty write changes nothing"). overcommit_memory's handler
     * returns early when no value was parsed, and the reserves have no wrapper.
     */
    public void write(String name, String text) {
        if (text.isEmpty()) {
            writeNothing(name);
            return;
        }
        switch (name) {
            case OVERCOMMIT_MEMORY -> mode = SysctlParser.parseInt(text, 0, 2);
            case OVERCOMMIT_RATIO -> {
                ratio = SysctlParser.parseInt(text, Integer.MIN_VALUE, Integer.MAX_VALUE);
                kbytes = 0;
            }
            case OVERCOMMIT_KBYTES -> {
                kbytes = SysctlParser.parseUlong(text);
                ratio = 0;
            }
            case ADMIN_RESERVE_KBYTES -> adminReserveKiB = SysctlParser.parseUlong(text);
            case USER_RESERVE_KBYTES -> userReserveKiB = SysctlParser.parseUlong(text);
            default -> throw XenException.notFound("no sysctl vm." + name);
        }
    }

    private void writeNothing(String name) {
        switch (name) {
            case OVERCOMMIT_RATIO -> kbytes = 0;
            case OVERCOMMIT_KBYTES -> ratio = 0;
            case OVERCOMMIT_MEMORY, ADMIN_RESERVE_KBYTES, USER_RESERVE_KBYTES -> {
                // no value parsed: nothing stored
            }
            default -> throw XenException.notFound("no sysctl vm." + name);
        }
    }
}
