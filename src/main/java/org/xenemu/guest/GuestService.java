package org.xenemu.guest;

import java.util.List;
import java.util.function.Function;
import org.xenemu.caller.Caller;
import org.xenemu.clock.Scheduler;
import org.xenemu.error.XenException;
import org.xenemu.events.EventBus;
import org.xenemu.host.Domain;
import org.xenemu.host.DomainLifecycleListener;
import org.xenemu.host.DomainRegistry;
import org.xenemu.host.Host;
import org.xenemu.xenstore.WatchSink;
import org.xenemu.xenstore.Xenstore;
import org.xenemu.guest.WorkloadViews.Mapped;
import org.xenemu.guest.WorkloadViews.MmapRequest;
import org.xenemu.guest.WorkloadViews.ProcessView;
import org.xenemu.guest.WorkloadViews.TouchReport;

/**
 * The guest side of every domain as the web layer sees it (API.md "Inside a guest", "Guest
 * workload"): access rules (a guest reaches only itself, 403 EACCES; dom0 reaches all; sysctl
 * writes need root in the guest, 403 EPERM) and the engine lock around every read and change.
 * Also the {@link DomainLifecycleListener} that gives each new domain its guest engines.
 */
public final class GuestService implements DomainLifecycleListener {
    private final DomainRegistry registry;
    private final Host host;
    private final Scheduler scheduler;
    private final EventBus events;
    private final Xenstore xenstore;
    private final boolean publishMeminfo;

    public GuestService(DomainRegistry registry, Host host, Scheduler scheduler, EventBus events, Xenstore xenstore,
                        boolean publishMeminfo) {
        this.registry = registry;
        this.host = host;
        this.scheduler = scheduler;
        this.events = events;
        this.xenstore = xenstore;
        this.publishMeminfo = publishMeminfo;
    }

    @Override
    public void domainCreated(Domain domain) {
        GuestKernel kernel = domain.kernel();
        GuestDomain guest = new GuestDomain(kernel, host, events::publish);
        kernel.attach(GuestDomain.class, guest);
        kernel.setEngines(guest);
        if (publishMeminfo) {
            guest.attachPublisher(new MeminfoPublisher(kernel,
                    xenstore.connect(domain.domid(), domain.isDom0(), WatchSink.DISCARD), scheduler));
        }
    }

    @Override
    public void domainDestroyed(Domain domain) {
        GuestKernel kernel = domain.kernel();
        kernel.attachment(GuestDomain.class).ifPresent(guest -> {
            guest.stop();
            // exit every process: tmem pages go back to the host before the domain is torn down
            Workload w = guest.workload();
            for (ProcessView p : w.processes()) {
                w.exit(p.pid());
            }
        });
        kernel.setEngines(null);
        kernel.detach(GuestDomain.class);
    }

    /** Runs {@code work} on the guest of {@code domid} under the engine lock, after the access check. */
    public <T> T withGuest(Caller caller, int domid, Function<GuestDomain, T> work) {
        return scheduler.locked(() -> {
            Domain domain = registry.verifyReachable(caller, domid);
            GuestDomain guest = domain.kernel().attachment(GuestDomain.class)
                    .orElseThrow(() -> XenException.notFound("domain " + domid + " has no guest kernel running"));
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
    public void changeMapping(Caller caller, int domid, int pid, long id, Boolean writable, Long kib) {
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
}
