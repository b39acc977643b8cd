package org.xenemu.toolstack;

import java.util.List;
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
}
