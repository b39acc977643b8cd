package org.xenemu.guest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.xenemu.caller.Caller;
import org.xenemu.clock.Scheduler;
import org.xenemu.error.XenException;
import org.xenemu.events.EventBus;
import org.xenemu.guest.kernel.GuestKernel;
import org.xenemu.guest.kernel.Meminfo;
import org.xenemu.guest.workload.WorkloadViews.Mapped;
import org.xenemu.guest.workload.WorkloadViews.MmapRequest;
import org.xenemu.guest.workload.WorkloadViews.ProcessView;
import org.xenemu.guest.workload.WorkloadViews.TouchReport;
import org.xenemu.guest.workload.Workload;
import org.xenemu.xenstore.WatchSink;
import org.xenemu.xenstore.Xenstore;

/**
 * The door of the guest engines (docs/api.md "Inside a guest", "Guest workload"): every domain's
 * {@link GuestDomain}, attached and detached by the toolstack's composer, and every operation on
 * them under the engine lock, after the access rules — a guest reaches only itself (403 EACCES,
 * before 404 ENOENT so that existence does not leak), dom0 reaches all, sysctl writes need root in
 * the guest (403 EPERM).
 */
public final class GuestFacade {
    private final Scheduler scheduler;
    private final EventBus events;
    private final Xenstore xenstore;
    private final boolean publishMeminfo;
    private final Map<Integer, GuestDomain> guests = new HashMap<>();

    public GuestFacade(Scheduler scheduler, EventBus events, Xenstore xenstore, boolean publishMeminfo) {
        this.scheduler = scheduler;
        this.events = events;
        this.xenstore = xenstore;
        this.publishMeminfo = publishMeminfo;
    }

    /**
     * A domain was built: its guest engines (workload, overcommit, reclaim) take over the kernel's
     * page cache, frontswap and Committed_AS, and the guest starts reporting its meminfo.
     */
    public void attach(GuestKernel kernel, TmemPort tmem) {
        scheduler.locked(() -> {
            GuestDomain guest = new GuestDomain(kernel, tmem, events::publish);
            guests.put(kernel.domid(), guest);
            kernel.setEngines(guest);
            if (publishMeminfo) {
                guest.attachPublisher(new MeminfoPublisher(kernel,
                        xenstore.connect(kernel.domid(), kernel.isDom0(), WatchSink.DISCARD), scheduler));
            }
        });
    }

    /** The guest engines of a domain for a snapshot; empty if it has none (under the engine lock). */
    public Optional<GuestDomain.State> capture(int domid) {
        return scheduler.locked(() -> Optional.ofNullable(guests.get(domid)).map(GuestDomain::capture));
    }

    /**
     * Checks a saved workload and builds the guest engines it describes on {@code kernel}, not yet
     * attached: EINVAL if it contradicts itself. {@link #restore} attaches it.
     */
    public GuestDomain prepare(GuestKernel kernel, TmemPort tmem, GuestDomain.State saved) {
        return new GuestDomain(kernel, tmem, events::publish, saved.workload());
    }

    /** Restore: attaches prepared guest engines with their saved meminfo report, without publishing. */
    public void restore(GuestDomain guest, GuestDomain.State saved) {
        scheduler.locked(() -> {
            GuestKernel kernel = guest.kernel();
            guests.put(kernel.domid(), guest);
            kernel.setEngines(guest);
            GuestDomain.PublisherState publisher = saved.publisher();
            if (publisher != null) {
                guest.resumePublisher(new MeminfoPublisher(kernel,
                        xenstore.connect(kernel.domid(), kernel.isDom0(), WatchSink.DISCARD), scheduler), publisher);
            }
        });
    }

    /** Restore: forgets every domain's guest engines quietly (no process exits, no tmem moves, no event). */
    public void clearForRestore() {
        scheduler.locked(() -> {
            for (GuestDomain g : guests.values()) {
                g.stop();
                g.kernel().setEngines(null);
            }
            guests.clear();
        });
    }

    /**
     * A domain is going away, still owning its pages: the publisher stops and every process exits,
     * so that its tmem pages go back to the host before the domain is torn down.
     */
    public void detach(int domid) {
        scheduler.locked(() -> {
            GuestDomain guest = guests.remove(domid);
            if (guest == null) {
                return;
            }
            guest.stop();
            Workload w = guest.workload();
            for (ProcessView p : w.processes()) {
                w.exit(p.pid());
            }
            guest.kernel().setEngines(null);
        });
    }

    /** The guest of {@code domid} for the toolstack's domain view (no access check: the caller did it). */
    public Optional<MeminfoView> meminfo(int domid) {
        return scheduler.locked(() -> Optional.ofNullable(guests.get(domid)).map(g -> MeminfoView.of(g.meminfo())));
    }

    /** The guest engines of {@code domid}, as they are (tests look inside; nothing is published). */
    Optional<GuestDomain> guest(int domid) {
        return scheduler.locked(() -> Optional.ofNullable(guests.get(domid)));
    }

    /** Runs {@code work} on the guest of {@code domid} under the engine lock, after the access check. */
    public <T> T withGuest(Caller caller, int domid, Function<GuestDomain, T> work) {
        return scheduler.locked(() -> {
            caller.verifyMayReach(domid);
            GuestDomain guest = guests.get(domid);
            if (guest == null) {
                throw XenException.notFound("no domain " + domid);
            }
            T result = work.apply(guest);
            guest.memoryChanged();
            return result;
        });
    }

    public String procMeminfo(Caller caller, int domid) {
        return withGuest(caller, domid, GuestDomain::procMeminfo);
    }

    public Meminfo meminfo(Caller caller, int domid) {
        return withGuest(caller, domid, GuestDomain::meminfo);
    }

    public String readSysctl(Caller caller, int domid, String name) {
        return withGuest(caller, domid, g -> g.workload().overcommit().read(name));
    }

    public void writeSysctl(Caller caller, int domid, String name, String text) {
        withGuest(caller, domid, g -> {
            String unused = g.workload().overcommit().read(name); // ENOENT before EPERM, as a missing file
            if (!caller.guestRoot()) {
                throw XenException.notPermitted("only root in the guest may write vm." + name);
            }
            g.workload().overcommit().write(name, text);
            g.syncSysctls();
            return unused;
        });
    }

    public int createProcess(Caller caller, int domid, String name) {
        return withGuest(caller, domid, g -> g.workload().createProcess(name));
    }

    public List<ProcessView> processes(Caller caller, int domid) {
        return withGuest(caller, domid, g -> g.workload().processes());
    }

    public ProcessView process(Caller caller, int domid, int pid) {
        return withGuest(caller, domid, g -> g.workload().process(pid));
    }

    public void exit(Caller caller, int domid, int pid) {
        withGuest(caller, domid, g -> {
            g.workload().exit(pid);
            return null;
        });
    }

    public int fork(Caller caller, int domid, int pid) {
        return withGuest(caller, domid, g -> g.workload().fork(pid, caller.guestRoot()));
    }

    public Mapped mmap(Caller caller, int domid, int pid, MmapRequest request) {
        return withGuest(caller, domid, g -> g.workload().mmap(pid, request, caller.guestRoot()));
    }

    /** PATCH: mprotect and/or mremap, all or nothing. */
    public void changeMapping(Caller caller, int domid, int pid, long id, @Nullable Boolean writable,
                              @Nullable Long kib) {
        withGuest(caller, domid, g -> {
            g.workload().change(pid, id, writable, kib, caller.guestRoot());
            return null;
        });
    }

    public void munmap(Caller caller, int domid, int pid, long id) {
        withGuest(caller, domid, g -> {
            g.workload().munmap(pid, id);
            return null;
        });
    }

    public TouchReport touch(Caller caller, int domid, int pid, long id, long kib) {
        return withGuest(caller, domid, g -> g.workload().touch(pid, id, kib));
    }

    public void brk(Caller caller, int domid, int pid, long kib) {
        withGuest(caller, domid, g -> {
            g.workload().brk(pid, kib, caller.guestRoot());
            return null;
        });
    }

    /** Domains with guest engines attached (dom0 included). */
    public int guestCount() {
        return scheduler.locked(guests::size);
    }
}
