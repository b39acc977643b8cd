package org.xenemu.toolstack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;
import org.xenemu.balloon.BalloonDriver;
import org.xenemu.balloon.BalloonFacade;
import org.xenemu.balloon.BalloonView;
import org.xenemu.caller.Caller;
import org.xenemu.caller.TokenRegistry;
import org.xenemu.clock.Scheduler;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.events.EventBus;
import org.xenemu.guest.GuestFacade;
import org.xenemu.guest.kernel.GuestKernel;
import org.xenemu.guest.kernel.KernelConfig;
import org.xenemu.host.Host;
import org.xenemu.selfballoon.SelfballoonFacade;
import org.xenemu.toolstack.balancer.Balancer;
import org.xenemu.toolstack.balancer.DomainBalance;
import org.xenemu.toolstack.balancer.ReclaimedMemory;
import org.xenemu.units.Pages;
import org.xenemu.xenstore.Xenstore;
import org.xenemu.xenstore.XsConnection;

/**
 * The toolstack's door (docs/memory.md "Domain lifecycle"; docs/api.md "Host and domains"):
 * creates and destroys domains, does what {@code xl mem-set} / {@code xl mem-max} do, and shows
 * domains, the host and its pressure. Managing the host is dom0's (403 EACCES for anyone else,
 * checked here and nowhere else); a guest may read its own domain (EACCES before ENOENT). Every
 * operation runs under the engine lock and changes nothing when it fails. A domain's engines are
 * built by the {@link DomainComposer}; libxl's xenstore keys are written by {@link LibxlKeys}.
 *
 * <p>The toolstack watches {@code @releaseDomain}, as {@code xl} does: when someone else releases a
 * running domain in xenstore (RELEASE on the dom0 socket), the domain has lost its xenstore home
 * and its connections, so the toolstack takes it for dead and destroys it — engines stop, pages
 * and tmem go back to the host, {@link DomainReleased} then {@link DomainDestroyed} — before the
 * RELEASE is answered. The domain list and xenstore never disagree about which domains exist.
 *
 * <p>It also watches {@code /} and publishes {@link XenstoreTopPermsChanged} when the permissions of
 * {@code /}, {@code /local} or {@code /local/domain} change (issue 18): allowed, as in C, but visible.
 */
public final class Toolstack {
    static final String DOM0_ONLY = "only dom0 (the toolstack) may do this";

    private final Host host;
    private final DomainRegistry registry;
    private final Scheduler scheduler;
    private final EventBus events;
    private final TokenRegistry tokens;
    private final boolean issueTokens;
    private final DomainComposer composer;
    private final BalloonFacade balloons;
    private final GuestFacade guests;
    private final SelfballoonFacade selfballoons;
    private final Balancer balancer;
    private final Xenstore xenstore;
    /** Not final: a snapshot restore closes every xenstore connection, and the toolstack connects again. */
    private LibxlKeys keys;
    /**
     * {@link #refreshReclaimed}'s figures and what they were read at: the store's generation
     * ({@code -1}: never read, or a restore since) and the guests' domids.
     */
    private long reclaimedGeneration = -1;
    private int[] reclaimedGuests = new int[0];
    private long reclaimedKiB;
    private long reclaimableKiB;
    private int nextDomid = 1;
    /** The watch token of the toolstack's own {@code @releaseDomain} watch. */
    static final String RELEASE_WATCH_TOKEN = "xenemu-toolstack";
    /** The token of the toolstack's watch of {@code /}, which looks for changes of {@link #TOP_PATHS}' permissions. */
    static final String PERMS_WATCH_TOKEN = "xenemu-toolstack-perms";
    /** The nodes whose permissions decide who may remove every domain's home. */
    static final Set<String> TOP_PATHS = Set.of("/", "/local", "/local/domain");
    private XsConnection ownConnection;
    private final Map<String, List<String>> topPerms = new HashMap<>(); // under the engine lock

    /** A new domain, its view right after creation, and in token mode its {@code root} and {@code user} tokens. */
    public record Created(Domain domain, DomainView view, Optional<TokenRegistry.DomainTokens> tokens) {
    }

    /** {@code issueTokens}: token mode, where every new domain gets a root and a user token. */
    public Toolstack(Host host, DomainRegistry registry, Xenstore xenstore, Scheduler scheduler, EventBus events,
                     TokenRegistry tokens, boolean issueTokens, DomainComposer composer, BalloonFacade balloons,
                     GuestFacade guests, SelfballoonFacade selfballoons, Balancer balancer) {
        this.host = host;
        this.registry = registry;
        this.scheduler = scheduler;
        this.events = events;
        this.tokens = tokens;
        this.issueTokens = issueTokens;
        this.composer = composer;
        this.balloons = balloons;
        this.guests = guests;
        this.selfballoons = selfballoons;
        this.balancer = balancer;
        this.xenstore = xenstore;
        XsConnection connection = xenstore.connect(0, true, this::watchFired);
        this.keys = new LibxlKeys(connection);
        this.ownConnection = connection;
        for (String path : TOP_PATHS) {
            topPerms.put(path, permsOf(path));
        }
        connection.watch("@releaseDomain", RELEASE_WATCH_TOKEN);
        connection.watch("/", PERMS_WATCH_TOKEN);
    }

    private boolean watchFired(String path, String token) {
        if (token.equals(RELEASE_WATCH_TOKEN)) {
            return releaseFired(path, token);
        }
        if (TOP_PATHS.contains(path)) {
            topNodeChanged(path);
        }
        return true;
    }

    /** The node's permissions; none when it does not exist (dom0 may remove {@code /local}). */
    private List<String> permsOf(String path) {
        try {
            return ownConnection.getPerms(0, path);
        } catch (XenException gone) {
            return List.of();
        }
    }

    /**
     * {@code /}, {@code /local} or {@code /local/domain} changed (a write or its permissions):
     * publishes {@link XenstoreTopPermsChanged} when its permissions differ from the last seen.
     */
    private void topNodeChanged(String path) {
        scheduler.locked(() -> {
            List<String> perms = permsOf(path);
            List<String> before = topPerms.put(path, perms);
            if (!perms.isEmpty() && !perms.equals(before)) {
                events.publish(new XenstoreTopPermsChanged(path, perms));
            }
        });
    }

    /**
     * {@code @releaseDomain} fired (after the store's lock is released, on the releasing thread):
     * every domain the toolstack runs that xenstore no longer knows was released by someone else.
     */
    private boolean releaseFired(String path, String token) {
        scheduler.locked(() -> {
            Set<Integer> introduced = xenstore.introducedDomains();
            for (Domain domain : registry.all()) {
                if (!domain.isDom0() && !introduced.contains(domain.domid())) {
                    events.publish(new DomainReleased(domain.domid(), domain.name()));
                    destroyNow(domain);
                }
            }
        });
        return true;
    }

    public DomainRegistry registry() {
        return registry;
    }

    /** dom0 exists from start: {@code dom0KiB} on node 0, its own balloon driver and engines, no tokens. */
    public Domain bootDom0(long dom0KiB) {
        return scheduler.locked(() -> {
            Optional<Domain> booted = registry.find(0);
            if (booted.isPresent()) {
                return booted.get();
            }
            long pages = Pages.fromKiB(dom0KiB);
            GuestKernel kernel = composer.bootKernel(0, pages, pages, KernelConfig.DEFAULTS);
            host.createDomain(0, 0, pages, pages);
            keys.writeDom0(dom0KiB);
            return start(0, "Domain-0", DomainType.PV, 0, dom0KiB, 0, kernel);
        });
    }

    public Created create(Caller caller, DomainSpec spec) {
        return create(caller, () -> spec);
    }

    /**
     * Builds a domain, all or nothing: EINVAL for a bad spec, EEXIST for a taken name, ENOMEM when
     * the host lacks memory. The spec is made only once the caller is known to be dom0, so that a
     * guest sending a malformed one learns nothing but 403. With a reservation id the domain's
     * memory comes out of that ready reservation (the rest of it goes back to free; ENOENT, EBUSY or
     * EINVAL as {@link Balancer#readyKiB} says), and {@code memory/initial-reservation} and
     * {@code memory/reservation-id} are written with libxl's keys, as squeezed's transfer does; if
     * the build fails, the reservation holds its memory again.
     */
    public Created create(Caller caller, Supplier<DomainSpec> specOnceAllowed) {
        return scheduler.locked(() -> {
            Domain domain = build(caller, specOnceAllowed);
            Optional<TokenRegistry.DomainTokens> issued = issueTokens
                    ? Optional.of(tokens.issueFor(domain.domid())) : Optional.empty();
            return new Created(domain, view(domain), issued);
        });
    }

    /**
     * As {@link #create(Caller, DomainSpec)} for a caller that needs only the new domain's domid (a
     * scenario building its fleet): the same domain, keys, tokens and refusals, without the view
     * nobody would read.
     */
    public int createForDomid(Caller caller, DomainSpec spec) {
        return scheduler.locked(() -> {
            Domain domain = build(caller, () -> spec);
            if (issueTokens) {
                tokens.issueFor(domain.domid());
            }
            return domain.domid();
        });
    }

    /** {@link #create}'s work, under the engine lock: the domain built and started. */
    private Domain build(Caller caller, Supplier<DomainSpec> specOnceAllowed) {
        caller.verifyDom0(DOM0_ONLY);
        DomainSpec spec = specOnceAllowed.get();
        Plan plan = Plan.of(spec, registry, host);
        Optional<String> reservation = spec.reservationId();
        long reservedKiB = reservation.isPresent() ? balancer.readyKiB(reservation.get()) : 0;
        long reservedPages = reservation.isPresent() ? host.reservedPages(reservation.get()) : 0;
        int domid = nextDomid;
        GuestKernel kernel = composer.bootKernel(domid, plan.maxPfn(), plan.initialPages(), spec.kernel());
        int home = spec.homeNode().orElseGet(host::suggestHomeNode);
        if (reservation.isPresent()) {
            host.createDomainFromReservation(reservation.get(), domid, home, Pages.fromKiB(plan.staticMaxKiB()),
                    plan.initialPages());
        } else {
            host.createDomain(domid, home, Pages.fromKiB(plan.staticMaxKiB()), plan.initialPages());
        }
        Domain domain;
        try {
            try {
                keys.writeDomain(domid, spec.name(), plan.staticMaxKiB(), spec.memoryKiB() - plan.videoramKiB(),
                        plan.videoramKiB(), spec.type() == DomainType.HVM, new LibxlKeys.Extras(
                                spec.dynamicMinKiB(), spec.dynamicMaxKiB(), reservation, reservedKiB));
            } catch (RuntimeException e) {
                host.destroyDomain(domid);
                keys.forget(domid);
                throw e;
            }
            nextDomid++;
            domain = start(domid, spec.name(), spec.type(), home, plan.staticMaxKiB(), plan.videoramKiB(),
                    kernel);
        } catch (RuntimeException e) {
            reservation.ifPresent(id -> host.reserve(id, reservedPages));
            throw e;
        }
        reservation.ifPresent(id -> balancer.transferred(id, domid));
        return domain;
    }

    private Domain start(int domid, String name, DomainType type, int home, long staticMaxKiB, long videoramKiB,
                         GuestKernel kernel) {
        BalloonDriver balloon;
        try {
            balloon = composer.startBalloon(domid, type, kernel);
        } catch (RuntimeException e) {
            host.destroyDomain(domid);
            if (domid != 0) {
                keys.forget(domid);
            }
            throw e;
        }
        Domain domain = new Domain(domid, name, type, home, staticMaxKiB, videoramKiB, kernel, balloon, host);
        registry.add(domain);
        try {
            composer.start(domain);
        } catch (RuntimeException e) {
            teardown(domain);
            throw e;
        }
        events.publish(new DomainCreated(domid, name, type.name(), home, Pages.toKiB(domain.ownedPages()),
                staticMaxKiB));
        return domain;
    }

    /** Destroys a domain: engines stop, pages and tmem go back to the host, xenstore releases it. */
    public void destroy(Caller caller, int domid) {
        scheduler.locked(() -> {
            caller.verifyDom0(DOM0_ONLY);
            Domain domain = registry.get(domid);
            if (domain.isDom0()) {
                throw XenException.busy("dom0 cannot be destroyed");
            }
            destroyNow(domain);
        });
    }

    private void destroyNow(Domain domain) {
        int domid = domain.domid();
        composer.stopEngines(domain);
        long returned = host.ownedPages(domid) + host.tmemPages(domid);
        teardown(domain);
        tokens.revokeDomain(domid);
        events.publish(new DomainDestroyed(domid, domain.name(), Pages.toKiB(returned)));
    }

    private void teardown(Domain domain) {
        composer.stopBalloon(domain.domid());
        host.destroyDomain(domain.domid());
        registry.remove(domain.domid());
        if (!domain.isDom0()) {
            keys.forget(domain.domid());
        }
    }

    /**
     * {@code xl mem-set} (libxl_set_memory_target): writes {@code memory/target} = N − videoram
     * (KiB). What is written must not exceed static-max, so an HVM guest may be given up to
     * static-max + videoram — the N that brings it to its whole RAM (max_pfn), see
     * {@code BalloonDriver}'s HVM offset. N below the video memory is EINVAL too (libxl's unsigned
     * subtraction wraps above static-max). For PV, N > static-max is EINVAL, as
     * docs/api.md "Host and domains" says. Unlike libxl with enforce=1, max_pages is left alone.
     */
    public void setTarget(Caller caller, int domid, long kib) {
        scheduler.locked(() -> {
            caller.verifyDom0(DOM0_ONLY);
            Domain domain = registry.get(domid);
            if (kib < domain.videoramKiB()) {
                throw XenException.invalid("target " + kib + " KiB is below the video memory");
            }
            long written = kib - domain.videoramKiB();
            if (written > domain.staticMaxKiB()) {
                throw XenException.invalid("target " + kib + " KiB less videoram is above static-max "
                        + domain.staticMaxKiB() + " KiB");
            }
            keys.writeTarget(domid, written);
        });
    }

    /**
     * XAPI's dynamic range (docs/toolstack.md "Dynamic range"): writes {@code memory/dynamic-min}
     * and {@code memory/dynamic-max} (KiB, in {@code memory/target}'s units) in one transaction; a
     * running balancer's watches see them. {@code 0 < min ≤ max ≤ static-max}, else EINVAL (xenemu has
     * no static-min).
     */
    public void setDynamicRange(Caller caller, int domid, long minKiB, long maxKiB) {
        scheduler.locked(() -> {
            caller.verifyDom0(DOM0_ONLY);
            Domain domain = registry.get(domid);
            Plan.verifyDynamicRange(minKiB, maxKiB, domain.staticMaxKiB());
            keys.writeDynamicRange(domid, minKiB, maxKiB);
        });
    }

    /** {@code xl mem-max}: the hypervisor's limit on what the domain may own; below current is EINVAL. */
    public void setMax(Caller caller, int domid, long kib) {
        scheduler.locked(() -> {
            caller.verifyDom0(DOM0_ONLY);
            registry.get(domid);
            if (kib < 0) {
                throw XenException.invalid("max must not be negative");
            }
            host.setMaxPages(domid, Pages.fromKiB(kib));
        });
    }

    /** Every domain, dom0 first. */
    public List<DomainView> list(Caller caller) {
        return scheduler.locked(() -> {
            caller.verifyDom0(DOM0_ONLY);
            return registry.all().stream().map(this::view).toList();
        });
    }

    /** One domain; a guest may read only its own. */
    public DomainView view(Caller caller, int domid) {
        return scheduler.locked(() -> {
            caller.verifyMayReach(domid);
            return view(registry.get(domid));
        });
    }

    public HostView host(Caller caller) {
        return scheduler.locked(() -> {
            caller.verifyDom0(DOM0_ONLY);
            refreshReclaimed();
            return HostView.of(host, reclaimedKiB, reclaimableKiB);
        });
    }

    /**
     * rrdp-squeezed's two figures of {@link #host} alone ({@link HostView#memoryReclaimedKiB} and
     * {@link HostView#memoryReclaimedMaxKiB}), without the rest of the view: what the dashboard's
     * sampler needs. Dom0 only.
     */
    public Reclaimed reclaimed(Caller caller) {
        return scheduler.locked(() -> {
            caller.verifyDom0(DOM0_ONLY);
            refreshReclaimed();
            return new Reclaimed(reclaimedKiB, reclaimableKiB);
        });
    }

    /** rrdp-squeezed's {@code memory_reclaimed} and {@code memory_reclaimed_max}, in KiB. */
    public record Reclaimed(long reclaimedKiB, long reclaimedMaxKiB) {
    }

    /**
     * Reads the guests' {@code memory/target}, {@code dynamic-min} and {@code dynamic-max} again
     * only when the store or the set of guests changed since the last read (three xenstore reads
     * per guest: the dashboard asks every few virtual seconds). Under the engine lock.
     */
    private void refreshReclaimed() {
        long generation = xenstore.generation();
        List<Domain> all = registry.all();
        int[] guests = new int[all.size()];
        int count = 0;
        for (Domain d : all) {
            if (!d.isDom0()) {
                guests[count++] = d.domid();
            }
        }
        guests = Arrays.copyOf(guests, count);
        if (generation == reclaimedGeneration && Arrays.equals(guests, reclaimedGuests)) {
            return;
        }
        List<ReclaimedMemory.DomainValues> values = new ArrayList<>(count);
        for (int domid : guests) {
            values.add(new ReclaimedMemory.DomainValues(domid, keys.readKiB(domid, "memory/target"),
                    keys.readKiB(domid, "memory/dynamic-min"), keys.readKiB(domid, "memory/dynamic-max")));
        }
        reclaimedKiB = ReclaimedMemory.reclaimedKiB(values);
        reclaimableKiB = ReclaimedMemory.reclaimableKiB(values);
        reclaimedGeneration = generation;
        reclaimedGuests = guests;
    }

    /**
     * Makes the host hold {@code kib} away from everyone (absolute; only what is free is taken):
     * on one node, or spread over all of them. Answers what the host now holds.
     */
    public PressureView setPressure(Caller caller, long kib, OptionalInt node) {
        return scheduler.locked(() -> {
            caller.verifyDom0(DOM0_ONLY);
            host.setPressure(Pages.fromKiB(kib), node);
            List<Long> perNode = new ArrayList<>();
            for (int n = 0; n < host.nodeCount(); n++) {
                perNode.add(Pages.toKiB(host.pressurePages(n)));
            }
            return new PressureView(Pages.toKiB(host.pressurePages()), node.isPresent() ? node.getAsInt() : null,
                    perNode);
        });
    }

    /**
     * The host and every domain's memory figures at once (dom0 only): the numbers the JSON views
     * show ({@link #host}, {@link #view}), read without building the views — a scenario samples
     * them for every domain at every sample time.
     */
    public FleetFigures figures(Caller caller) {
        return scheduler.locked(() -> {
            caller.verifyDom0(DOM0_ONLY);
            List<DomainFigures> all = new ArrayList<>(registry.size());
            long dom0 = 0;
            for (Domain d : registry.all()) {
                DomainFigures figures = figuresOf(d);
                if (d.isDom0()) {
                    dom0 = figures.currentKiB();
                }
                all.add(figures);
            }
            return new FleetFigures(Pages.toKiB(host.totalPages()), Pages.toKiB(host.xenPages()),
                    Pages.toKiB(host.freePages()), Pages.toKiB(host.tmemPages()), Pages.toKiB(host.pressurePages()),
                    Pages.toKiB(host.reservedPages()), dom0, all);
        });
    }

    /** One domain's figures, in KiB. */
    private static DomainFigures figuresOf(Domain d) {
        GuestKernel k = d.kernel();
        return new DomainFigures(d.domid(), d.name(), d.staticMaxKiB(), d.balloon().targetKiB(),
                Pages.toKiB(d.ownedPages()), Pages.toKiB(k.committedAsPages()), Pages.toKiB(k.freePages()),
                Pages.toKiB(k.swapUsedPages()), Pages.toKiB(k.frontswapPages()));
    }

    /**
     * The fewest KiB the host had free at any moment since the last call (since it was built, for
     * the first), the low-water mark then starting again from now. Dom0 only. A scenario that runs
     * one host's domains on several private hosts adds these up to prove that no allocation could
     * have come up short had they shared one host.
     */
    public long takeFreeLowWaterKiB(Caller caller) {
        return scheduler.locked(() -> {
            caller.verifyDom0(DOM0_ONLY);
            return Pages.toKiB(host.takeFreeLowWater());
        });
    }

    private DomainView view(Domain d) {
        Map<String, Long> perNode = new LinkedHashMap<>();
        long[] pages = d.pagesPerNode();
        for (int n = 0; n < pages.length; n++) {
            perNode.put(Integer.toString(n), pages[n]);
        }
        BalloonView balloon = balloons.view(d.domid())
                .orElseThrow(() -> XenException.of(Errno.EIO, "domain " + d.domid() + " has no balloon driver"));
        Record meminfo = guests.meminfo(d.domid()).<Record>map(m -> m).orElseGet(() -> MeminfoSummary.of(d.kernel()));
        return new DomainView(d.domid(), d.name(), d.type().name(), d.homeNode(), d.staticMaxKiB(), d.videoramKiB(),
                Pages.toKiB(d.maxPages()), Pages.toKiB(d.ownedPages()), perNode, balloon.targetKiB(), balloon,
                meminfo, selfballoons.view(d.domid()), Optional.of(memoryPolicy(d.domid())));
    }

    private DomainMemoryPolicy memoryPolicy(int domid) {
        java.util.OptionalLong min = keys.readKiB(domid, "memory/dynamic-min");
        java.util.OptionalLong max = keys.readKiB(domid, "memory/dynamic-max");
        java.util.OptionalLong internalFree = keys.readKiB(domid, "data/meminfo_free");
        DomainBalance balance = balancer.domain(domid);
        boolean ranged = min.isPresent() && max.isPresent();
        return new DomainMemoryPolicy(ranged ? min.getAsLong() : null, ranged ? max.getAsLong() : null,
                internalFree.isPresent() ? internalFree.getAsLong() : null, balance.stuck(),
                keys.exists(domid, "memory/uncooperative"));
    }

    // ---- snapshots ----

    /** The domid the next created domain gets. */
    int nextDomid() {
        return nextDomid;
    }

    /**
     * Restore: the saved next domid, and a fresh dom0 connection (the restore closed the old one)
     * with the toolstack's two watches registered again without their initial events.
     */
    void restore(int savedNextDomid) {
        nextDomid = savedNextDomid;
        // the restored store's generation may equal one seen on the timeline left behind
        reclaimedGeneration = -1;
        XsConnection connection = xenstore.connect(0, true, this::watchFired);
        keys = new LibxlKeys(connection);
        ownConnection = connection;
        // the last permissions seen are the restored store's: a watch event keeps them current
        topPerms.clear();
        for (String path : TOP_PATHS) {
            topPerms.put(path, permsOf(path));
        }
        connection.restoreWatch("@releaseDomain", RELEASE_WATCH_TOKEN);
        connection.restoreWatch("/", PERMS_WATCH_TOKEN);
    }
}
