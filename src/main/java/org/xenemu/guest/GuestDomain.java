package org.xenemu.guest;

import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xenemu.clock.TaskSlot;
import org.xenemu.events.XenEvent;
import org.xenemu.guest.kernel.GuestKernel;
import org.xenemu.guest.kernel.Meminfo;
import org.xenemu.guest.kernel.MeminfoFormatter;
import org.xenemu.guest.workload.GuestMemory;
import org.xenemu.guest.workload.MeminfoSource;
import org.xenemu.guest.workload.Overcommit;
import org.xenemu.guest.workload.Workload;
import org.xenemu.guest.workload.WorkloadState;

/**
 * One domain's guest engines: the workload with its overcommit accounting, bound to the
 * domain's {@link GuestKernel} (which it owns page cache, frontswap and Committed_AS of) and to
 * the host's tmem through a {@link TmemPort}; and the meminfo publisher. {@link GuestFacade} holds
 * one per domain and plugs it into the kernel as its {@link GuestKernel.Engines}. Used under the
 * engine lock only.
 */
public final class GuestDomain implements GuestKernel.Engines {
    private static final Logger log = LoggerFactory.getLogger(GuestDomain.class);
    private final GuestKernel kernel;
    private final GuestMemory memory;
    private final Workload workload;
    private @Nullable MeminfoPublisher publisher;

    public GuestDomain(GuestKernel kernel, TmemPort tmem, Consumer<XenEvent> events) {
        this.kernel = kernel;
        this.memory = new KernelGuestMemory(kernel, tmem);
        // the reserves are computed from free memory at boot (mm/mmap.c init_*_reserve)
        Overcommit overcommit = Overcommit.atBoot(kernel.overcommitMemory(), kernel.overcommitRatio(),
                kernel.freePages());
        this.workload = new Workload(kernel.domid(), memory, overcommit, kernel.nommu(), events);
    }

    /** What a snapshot keeps of a domain's guest engines: the workload and the meminfo report (null: none). */
    public record State(WorkloadState workload, @Nullable PublisherState publisher) {
    }

    /** What a snapshot keeps of the meminfo report: the figures last written, the counts, the two timers' places. */
    public record PublisherState(long lastTotalKiB, long lastFreeKiB, long writes, long failures,
                                 @Nullable TaskSlot periodic, @Nullable TaskSlot afterSteps) {
    }

    /** Restore: the guest engines as saved, on a restored kernel. EINVAL if the workload state contradicts itself. */
    GuestDomain(GuestKernel kernel, TmemPort tmem, Consumer<XenEvent> events, WorkloadState saved) {
        this.kernel = kernel;
        this.memory = new KernelGuestMemory(kernel, tmem);
        this.workload = Workload.restored(kernel.domid(), memory, kernel.nommu(), events, saved);
    }

    State capture() {
        return new State(workload.capture(), publisher == null ? null : publisher.capture());
    }

    /** Restore: the publisher with its saved figures and timers, nothing written. */
    void resumePublisher(MeminfoPublisher p, PublisherState saved) {
        this.publisher = p;
        p.resume(saved);
    }

    void attachPublisher(MeminfoPublisher publisher) {
        this.publisher = publisher;
        publisher.start();
    }

    void stop() {
        if (publisher != null) {
            MeminfoPublisher p = publisher;
            publisher = null;
            try {
                p.stop();
            } catch (RuntimeException e) {
                // destroy goes on: the processes still exit and give their tmem pages back
                log.warn("domain {}: closing the meminfo publisher failed", kernel.domid(), e);
            }
        }
    }

    public GuestKernel kernel() {
        return kernel;
    }

    public Workload workload() {
        return workload;
    }

    public Optional<Long> publisherWrites() {
        return Optional.ofNullable(publisher).map(MeminfoPublisher::writes);
    }

    /** Meminfo publishes that xenstore refused (and the guest ignored). */
    public Optional<Long> publisherFailures() {
        return Optional.ofNullable(publisher).map(MeminfoPublisher::failures);
    }

    public Meminfo meminfo() {
        return MeminfoSource.of(memory, workload, kernel.totalreservePages(), kernel.maxPfn());
    }

    public String procMeminfo() {
        return MeminfoFormatter.format(meminfo());
    }

    /** Keeps the kernel's copies of the sysctls (read by other engines) in step after a write. */
    void syncSysctls() {
        kernel.setOvercommitMemory(workload.overcommit().mode());
        kernel.setOvercommitRatio(workload.overcommit().ratio());
    }

    @Override
    public void dropCacheForBalloon(long pages) {
        workload.dropCacheForBalloon(pages);
    }

    @Override
    public long frontswapShrink(long targetPages) {
        long left = workload.frontswapShrink(targetPages);
        memoryChanged();
        return left;
    }

    @Override
    public long committedAsPages() {
        return workload.committedPages();
    }

    /**
     * MemTotal or MemFree may have moved: maybe publish. The change that caused this is already
     * done (a balloon step, a workload request, a self-shrink), so a failing report is logged and
     * never thrown into it.
     */
    @Override
    public void memoryChanged() {
        if (publisher == null) {
            return;
        }
        try {
            publisher.maybePublish();
        } catch (RuntimeException e) {
            log.warn("domain {}: the meminfo report failed; the guest goes on", kernel.domid(), e);
        }
    }
}
