package org.xenemu.toolstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.xenemu.error.XenException;
import org.xenemu.guest.GuestDomain;
import org.xenemu.selfballoon.Selfballooner;
import org.xenemu.balloon.BalloonDriver;
import org.xenemu.balloon.BalloonFacade;
import org.xenemu.guest.GuestFacade;
import org.xenemu.guest.kernel.GuestKernel;
import org.xenemu.guest.kernel.KernelConfig;
import org.xenemu.host.Host;
import org.xenemu.selfballoon.SelfballoonFacade;

/**
 * The one place a domain's engines are built and plugged together, in this order:
 * <ol>
 * <li>the guest kernel ({@link #bootKernel}): plain state, made before the hypervisor gives the
 *     domain any memory, because it is what refuses a RAM too small to boot (EINVAL);</li>
 * <li>the balloon driver ({@link #startBalloon}), on its ports: {@link KernelBalloonGuest} (the kernel)
 *     and {@link HostReservation} (the domain's account on the host) — the aggregate keeps it as
 *     a handle, since selfballoon sets its target;</li>
 * <li>then the {@link DomainEngine}s in list order ({@link #start}): {@link GuestEngines} (tmem through
 *     {@link HostTmem}), then {@link SelfballoonEngine} (through {@link DomainSelfballoonGuest}).</li>
 * </ol>
 * Taking a domain apart goes in reverse ({@link #stopEngines}, then {@link #stopBalloon}). The
 * engines' per-domain state lives in their facades, keyed by domid, so a restore can clear the
 * facades and call the composer again for every saved domain.
 */
public final class DomainComposer {
    private final Host host;
    private final BalloonFacade balloons;
    private final List<DomainEngine> engines;

    public DomainComposer(Host host, BalloonFacade balloons, List<DomainEngine> engines) {
        this.host = host;
        this.balloons = balloons;
        this.engines = List.copyOf(engines);
    }

    /** The standard composition: guest engines, then selfballoon. */
    public static DomainComposer standard(Host host, BalloonFacade balloons, GuestFacade guests,
                                          SelfballoonFacade selfballoons) {
        return new DomainComposer(host, balloons,
                List.of(new GuestEngines(guests, host), new SelfballoonEngine(selfballoons)));
    }

    /** The same composition with {@code more} engines plugged in after the others. */
    public DomainComposer with(DomainEngine more) {
        List<DomainEngine> all = new ArrayList<>(engines);
        all.add(more);
        return new DomainComposer(host, balloons, all);
    }

    /** Step 1: a kernel owning {@code initialPages} of {@code maxPfn}; EINVAL if it could not boot. */
    GuestKernel bootKernel(int domid, long maxPfn, long initialPages, KernelConfig config) {
        return new GuestKernel(domid, domid == 0, maxPfn, initialPages, config);
    }

    /** Step 2: the balloon driver, started (it watches {@code memory/target} from now on). */
    BalloonDriver startBalloon(int domid, DomainType type, GuestKernel kernel) {
        return balloons.attach(domid, type == DomainType.HVM, new KernelBalloonGuest(kernel),
                new HostReservation(host, domid));
    }

    /**
     * Step 3: every other engine, in order; all or nothing — if one throws, those attached before
     * it are detached in reverse and the exception goes on.
     */
    void start(Domain domain) {
        List<DomainEngine> started = new ArrayList<>();
        try {
            for (DomainEngine engine : engines) {
                engine.attach(domain);
                started.add(engine);
            }
        } catch (RuntimeException e) {
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).detach(domain);
            }
            throw e;
        }
    }

    /** The engines of step 3, in reverse, while the domain still owns its pages. */
    void stopEngines(Domain domain) {
        for (int i = engines.size() - 1; i >= 0; i--) {
            engines.get(i).detach(domain);
        }
    }

    /** The balloon driver last: its timers stop and its watch goes. */
    void stopBalloon(int domid) {
        balloons.detach(domid);
    }

    // ---- snapshots: a restore path that builds each engine from saved state ----

    /** Snapshot: the domain and every engine's state of it (under the engine lock). */
    DomainState capture(Domain d) {
        GuestDomain.State guest = null;
        Selfballooner.State selfballoon = null;
        for (DomainEngine engine : engines) {
            if (engine instanceof GuestEngines g) {
                guest = g.capture(d.domid()).orElse(null);
            } else if (engine instanceof SelfballoonEngine s) {
                selfballoon = s.capture(d.domid()).orElse(null);
            }
        }
        return new DomainState(d.domid(), d.name(), d.type(), d.homeNode(), d.staticMaxKiB(), d.videoramKiB(),
                d.kernel().capture(), d.balloon().capture(), guest, selfballoon);
    }

    /** A saved domain rebuilt, every engine constructed from its state, nothing attached yet. */
    static final class PreparedDomain {
        final Domain domain;
        final DomainState saved;
        final @Nullable GuestDomain guest;
        final @Nullable Selfballooner selfballoon;

        PreparedDomain(Domain domain, DomainState saved, @Nullable GuestDomain guest,
                       @Nullable Selfballooner selfballoon) {
            this.domain = domain;
            this.saved = saved;
            this.guest = guest;
            this.selfballoon = selfballoon;
        }
    }

    /**
     * Restore, first half: builds the domain's kernel, balloon driver, guest engines and selfballoon
     * from {@code s} in creation order, touching nothing live (no xenstore write, no event, no
     * timer queued). EINVAL naming what is wrong.
     */
    PreparedDomain prepare(DomainState s) {
        String where = "domain " + s.domid();
        if (s.kernel().domid() != s.domid() || s.balloon().domid() != s.domid()
                || s.selfballoon() != null && s.selfballoon().domid() != s.domid()) {
            throw XenException.invalid(where + ": its engines' states name another domain");
        }
        GuestKernel kernel = new GuestKernel(s.kernel());
        BalloonDriver driver = balloons.prepare(s.balloon(), new KernelBalloonGuest(kernel),
                new HostReservation(host, s.domid()));
        Domain domain = new Domain(s.domid(), s.name(), s.type(), s.homeNode(), s.staticMaxKiB(), s.videoramKiB(),
                kernel, driver, host);
        GuestDomain guest = null;
        Selfballooner selfballoon = null;
        for (DomainEngine engine : engines) {
            if (engine instanceof GuestEngines g) {
                GuestDomain.State saved = s.guest();
                if (saved == null) {
                    throw XenException.invalid(where + ": the guest engines' state is missing");
                }
                guest = g.prepare(kernel, saved);
            } else if (engine instanceof SelfballoonEngine e) {
                Selfballooner.State saved = s.selfballoon();
                if (saved == null) {
                    throw XenException.invalid(where + ": the selfballoon state is missing");
                }
                selfballoon = e.prepare(domain, saved);
            }
        }
        return new PreparedDomain(domain, s, guest, selfballoon);
    }

    /**
     * Restore, second half: attaches a prepared domain's engines in creation order, each resuming
     * its connections, watches and timers as saved. Engines other than the standard ones keep no
     * state in a snapshot and are attached afresh.
     */
    void restore(PreparedDomain p) {
        balloons.restore(p.domain.balloon());
        for (DomainEngine engine : engines) {
            if (engine instanceof GuestEngines g) {
                g.restore(Objects.requireNonNull(p.guest), Objects.requireNonNull(p.saved.guest()));
            } else if (engine instanceof SelfballoonEngine e) {
                e.restore(Objects.requireNonNull(p.selfballoon));
            } else {
                engine.attach(p.domain);
            }
        }
    }

    /** Restore: every facade forgets its domains quietly, in reverse composition order. */
    void clearForRestore(List<Domain> domains) {
        for (int i = engines.size() - 1; i >= 0; i--) {
            DomainEngine engine = engines.get(i);
            if (engine instanceof GuestEngines g) {
                g.clearForRestore();
            } else if (engine instanceof SelfballoonEngine e) {
                e.clearForRestore();
            } else {
                for (Domain d : domains) {
                    engine.detach(d);
                }
            }
        }
        balloons.clearForRestore();
    }
}
