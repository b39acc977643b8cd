package org.xenemu.toolstack;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.xenemu.clock.TaskSlot;
import org.xenemu.error.XenException;
import org.xenemu.balloon.BalloonFacade;
import org.xenemu.caller.TokenRegistry;
import org.xenemu.clock.ClockControl;
import org.xenemu.clock.ClockDriver;
import org.xenemu.clock.Scheduler;
import org.xenemu.clock.VirtualClock;
import org.xenemu.clock.WallClock;
import org.xenemu.events.EventBus;
import org.xenemu.guest.GuestFacade;
import org.xenemu.host.Host;
import org.xenemu.selfballoon.SelfballoonFacade;
import org.xenemu.toolstack.balancer.Balancer;
import org.xenemu.units.Pages;
import org.xenemu.xenstore.Xenstore;
import org.xenemu.xenstore.XenstoreEngine;

/**
 * The whole emulated host in plain Java — the composition root of the core. One virtual clock and
 * its scheduler (the engine lock), one event bus, one xenstore, the hypervisor's page pool, the
 * domains and the engines' facades, the memory decider ({@link Balancer}), all built here from {@link HostSettings} and nothing else, so
 * that a scenario can build many private hosts in one JVM without Spring:
 * <pre>
 * EmulatedHost host = EmulatedHost.create(HostSettings.defaults().withClockMode(ClockMode.MANUAL));
 * host.toolstack().create(Caller.DOM0, DomainSpec.pv("web1", 262144));
 * host.clock().advanceSeconds(Caller.DOM0, BigDecimal.ONE);
 * </pre>
 * The service's Spring configuration builds one with {@link #assemble} and boots dom0 in its
 * lifecycle, before the web server starts; {@link #create} does both at once.
 */
public final class EmulatedHost {
    private final HostSettings settings;
    private final VirtualClock clock;
    private final Scheduler scheduler;
    private final EventBus events;
    private final ClockControl clockControl;
    private final ClockDriver clockDriver;
    private final XenstoreEngine xenstore;
    private final Host host;
    private final TokenRegistry tokens;
    private final DomainRegistry registry;
    private final BalloonFacade balloons;
    private final GuestFacade guests;
    private final SelfballoonFacade selfballoons;
    private final DomainComposer composer;
    private final Balancer balancer;
    private final Toolstack toolstack;

    private EmulatedHost(HostSettings settings, WallClock wall, List<DomainEngine> moreEngines) {
        this.settings = settings;
        this.clock = new VirtualClock(settings.hz(), settings.clockMode(), settings.clockSpeed(), wall);
        this.scheduler = new Scheduler(clock);
        this.clockDriver = new ClockDriver(scheduler);
        this.events = new EventBus(clock, settings.eventHistory());
        this.clockControl = new ClockControl(scheduler, events);
        this.tokens = new TokenRegistry();
        this.xenstore = new XenstoreEngine(settings.xenstoreQuotas(), settings.maxIntroducedDomains());
        this.host = Host.uniform(Pages.fromKiB(settings.memoryKiB()), settings.nodes(),
                Pages.fromKiB(settings.xenKiB()), settings.allocationPolicy());
        this.registry = new DomainRegistry();
        this.balloons = new BalloonFacade(xenstore, scheduler, events, settings.balloonMaxRetryCount());
        this.guests = new GuestFacade(scheduler, events, xenstore, settings.publishMeminfo());
        this.selfballoons = new SelfballoonFacade(scheduler, events, settings.selfballoon());
        DomainComposer standard = DomainComposer.standard(host, balloons, guests, selfballoons);
        for (DomainEngine engine : moreEngines) {
            standard = standard.with(engine);
        }
        this.composer = standard;
        this.balancer = new Balancer(host, xenstore, scheduler, events, settings.balancer());
        this.toolstack = new Toolstack(host, registry, xenstore, scheduler, events, tokens, settings.issueTokens(),
                composer, balloons, guests, selfballoons, balancer);
    }

    /** Every part built and wired; dom0 not booted yet (see {@link #bootDom0}). */
    public static EmulatedHost assemble(HostSettings settings) {
        return new EmulatedHost(settings, WallClock.SYSTEM, List.of());
    }

    /** As {@link #assemble(HostSettings)} with another wall clock (tests make realtime mode deterministic). */
    public static EmulatedHost assemble(HostSettings settings, WallClock wall) {
        return new EmulatedHost(settings, wall, List.of());
    }

    /** As above, with {@code moreEngines} plugged into every domain after the standard ones. */
    static EmulatedHost assemble(HostSettings settings, WallClock wall, List<DomainEngine> moreEngines) {
        return new EmulatedHost(settings, wall, moreEngines);
    }

    /** Assembled, with dom0 booted: a host ready for domains. */
    public static EmulatedHost create(HostSettings settings) {
        EmulatedHost host = assemble(settings);
        host.bootDom0();
        return host;
    }

    /** dom0 with {@code dom0KiB} on node 0; a second call changes nothing. */
    public Domain bootDom0() {
        return toolstack.bootDom0(settings.dom0KiB());
    }

    public HostSettings settings() {
        return settings;
    }

    public VirtualClock virtualClock() {
        return clock;
    }

    /** The clock's door: read, switch mode, advance. */
    public ClockControl clock() {
        return clockControl;
    }

    /** The thread that runs due steps in realtime mode; not started here. */
    public ClockDriver clockDriver() {
        return clockDriver;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public EventBus events() {
        return events;
    }

    public Xenstore xenstore() {
        return xenstore;
    }

    public Host host() {
        return host;
    }

    public TokenRegistry tokens() {
        return tokens;
    }

    public DomainRegistry registry() {
        return registry;
    }

    public DomainComposer composer() {
        return composer;
    }

    public Toolstack toolstack() {
        return toolstack;
    }

    /** The memory decider (squeezed, MoM or none) and the reservations: its own door. */
    public Balancer balancer() {
        return balancer;
    }

    public BalloonFacade balloons() {
        return balloons;
    }

    public GuestFacade guests() {
        return guests;
    }

    public SelfballoonFacade selfballoons() {
        return selfballoons;
    }

    // ---- snapshots (docs/snapshots.md) ----

    /**
     * The whole host now, as immutable values, taken under the engine lock (nothing moves while it
     * is taken; serializing it is the caller's, outside the lock). Every change acknowledged
     * before this call is in it.
     */
    public HostState capture() {
        return scheduler.locked(() -> {
            List<DomainState> domains = new ArrayList<>();
            for (Domain d : registry.all()) {
                domains.add(composer.capture(d));
            }
            return new HostState(settings, clock.nanos(), scheduler.nextSequence(), scheduler.taskRuns(),
                    events.nextSeq(), toolstack.nextDomid(), xenstore.capture(), host.capture(),
                    tokens.captureDomainTokens(), domains, balancer.capture());
        });
    }

    /**
     * The host becomes {@code saved}, in place (the doors stay the same objects): first everything
     * is checked and built aside — EINVAL naming what is wrong, the live host untouched — then,
     * under the engine lock, the timers are taken off the queue, the facades forget their domains,
     * xenstore is replaced (every connection closed, as a restarted xenstored would), the host's
     * pool, the clock (manual mode), the event sequence and the domain tokens become the saved
     * ones, and every domain is rebuilt through the {@link DomainComposer}'s restore path with its
     * timers at their saved (due jiffy, sequence). Nothing is published and nothing written to
     * xenstore: advancing the clock afterwards gives what the saved host would have given.
     * External connections (sockets, streams, REST sessions) are the caller's to close.
     */
    public void restore(HostState saved) {
        scheduler.locked(() -> {
            Prepared p = prepare(saved);
            apply(p);
        });
    }

    /** Checks {@code saved} as {@link #restore} would, changing nothing; EINVAL naming what is wrong. */
    public void verify(HostState saved) {
        scheduler.locked(() -> {
            prepare(saved);
        });
    }

    private record Prepared(HostState saved, XenstoreEngine.Prepared xenstore, Host host,
                            List<DomainComposer.PreparedDomain> domains) {
    }

    private Prepared prepare(HostState s) {
        if (s.settings().hz() != settings.hz()) {
            throw XenException.invalid("the snapshot's clock runs at " + s.settings().hz() + " Hz, this host's at "
                    + settings.hz() + " Hz (xenemu.clock.hz)");
        }
        if (s.uptimeNanos() < 0 || s.nextEventSeq() < 1 || s.schedulerNextSequence() < 0 || s.schedulerRuns() < 0) {
            throw XenException.invalid("the snapshot's clock, scheduler or event counters are negative");
        }
        XenstoreEngine.Prepared store = xenstore.prepare(s.xenstore());
        Host pool = Host.prepare(s.host());
        Set<Integer> accounts = pool.domains();
        Set<Integer> domids = new TreeSet<>();
        List<DomainComposer.PreparedDomain> built = new ArrayList<>();
        Set<Long> sequences = new HashSet<>();
        for (DomainState d : s.domains()) {
            String where = "domain " + d.domid();
            if (!domids.add(d.domid())) {
                throw XenException.invalid(where + " comes twice");
            }
            if (d.domid() != 0 && d.domid() >= s.nextDomid()) {
                throw XenException.invalid(where + " is not below the next domid " + s.nextDomid());
            }
            if (!accounts.contains(d.domid())) {
                throw XenException.invalid(where + " has no account on the host");
            }
            if (pool.homeNode(d.domid()) != d.homeNode()) {
                throw XenException.invalid(where + ": home node " + d.homeNode() + " but its host account's is "
                        + pool.homeNode(d.domid()));
            }
            if (!s.xenstore().introduced().containsKey(d.domid())) {
                throw XenException.invalid(where + " is not introduced to xenstore");
            }
            if (d.kernel().currentPages() != pool.ownedPages(d.domid())) {
                throw XenException.invalid(where + ": pages not conserved — its kernel has " + d.kernel().currentPages()
                        + " pages, the host counts " + pool.ownedPages(d.domid()) + " for it");
            }
            if (d.kernel().frontswapPages() != pool.tmemPages(d.domid())) {
                throw XenException.invalid(where + ": pages not conserved — its kernel has "
                        + d.kernel().frontswapPages() + " frontswap pages, the host holds "
                        + pool.tmemPages(d.domid()) + " tmem pages for it");
            }
            for (TaskSlot slot : timers(d)) {
                if (slot.sequence() < 0 || slot.sequence() >= s.schedulerNextSequence() || !sequences.add(slot.sequence())) {
                    throw XenException.invalid(where + ": a timer's sequence " + slot.sequence()
                            + " is repeated or not below the scheduler's next " + s.schedulerNextSequence());
                }
            }
            built.add(composer.prepare(d));
        }
        if (!domids.contains(0)) {
            throw XenException.invalid("the snapshot has no dom0");
        }
        Balancer.verify(s.balancer(), pool.reservations());
        for (TaskSlot slot : Balancer.timers(s.balancer())) {
            if (slot.sequence() < 0 || slot.sequence() >= s.schedulerNextSequence() || !sequences.add(slot.sequence())) {
                throw XenException.invalid("balancer: a timer's sequence " + slot.sequence()
                        + " is repeated or not below the scheduler's next " + s.schedulerNextSequence());
            }
        }
        if (!domids.equals(accounts)) {
            Set<Integer> extra = new TreeSet<>(accounts);
            extra.removeAll(domids);
            throw XenException.invalid("the host has accounts for domains " + extra + " that the snapshot does not have");
        }
        for (TokenRegistry.SavedToken t : s.tokens()) {
            if (!domids.contains(t.domid()) || t.domid() == 0) {
                throw XenException.invalid("a token names domain " + t.domid() + ", which the snapshot does not have");
            }
        }
        return new Prepared(s, store, pool, built);
    }

    private static List<TaskSlot> timers(DomainState d) {
        List<TaskSlot> out = new ArrayList<>();
        addIfPending(out, d.balloon().stepTimer());
        addIfPending(out, d.balloon().watchTimer());
        if (d.guest() != null && d.guest().publisher() != null) {
            addIfPending(out, d.guest().publisher().periodic());
            addIfPending(out, d.guest().publisher().afterSteps());
        }
        if (d.selfballoon() != null) {
            addIfPending(out, d.selfballoon().worker());
        }
        return out;
    }

    private static void addIfPending(List<TaskSlot> out, @Nullable TaskSlot slot) {
        if (slot != null) {
            out.add(slot);
        }
    }

    private void apply(Prepared p) {
        HostState s = p.saved();
        scheduler.clearForRestore();
        composer.clearForRestore(registry.all());
        registry.clear();
        p.xenstore().apply();
        host.restore(p.host());
        clock.restore(s.uptimeNanos());
        events.restore(s.nextEventSeq());
        tokens.restoreDomainTokens(s.tokens());
        toolstack.restore(s.nextDomid());
        for (DomainComposer.PreparedDomain d : p.domains()) {
            registry.add(d.domain);
            composer.restore(d);
        }
        balancer.restore(s.balancer());
        scheduler.restoreCounters(s.schedulerNextSequence(), s.schedulerRuns());
        scheduler.signalChange();
    }
}
