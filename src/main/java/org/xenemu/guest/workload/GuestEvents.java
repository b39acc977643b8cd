package org.xenemu.guest.workload;

import org.jspecify.annotations.Nullable;
import org.xenemu.events.XenEvent;

/** The guest workload's engine events (docs/api.md "Events": mmap refused, OOM kill; plus reclaim and swap). */
public final class GuestEvents {
    private GuestEvents() {
    }

    /** An mmap (or fork, mprotect, mremap, brk) was refused; {@code errno} says why. */
    public record MmapRefused(int domid, int pid, String operation, long kib, long chargeKiB, String errno,
                              @Nullable String reason) implements XenEvent {
    }

    /** Page cache was dropped to make room. */
    public record Reclaimed(int domid, long cacheKiB) implements XenEvent {
    }

    /** Anonymous pages were swapped out: to frontswap (host tmem) and to the swap device. */
    public record SwappedOut(int domid, long frontswapKiB, long deviceKiB) implements XenEvent {
    }

    /** The OOM killer killed a process; its pages and charges were released. */
    public record OomKilled(int domid, int pid, String name, long footprintKiB, long refundedKiB) implements XenEvent {
    }
}
