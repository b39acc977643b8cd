package org.xenemu.toolstack;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.xenemu.balloon.BalloonFacade;
import org.xenemu.caller.Caller;
import org.xenemu.caller.TokenRegistry;
import org.xenemu.clock.ClockControl;
import org.xenemu.clock.ClockMode;
import org.xenemu.clock.Scheduler;
import org.xenemu.clock.VirtualClock;
import org.xenemu.events.EventBus;
import org.xenemu.events.EventEnvelope;
import org.xenemu.events.XenEvent;
import org.xenemu.guest.GuestFacade;
import org.xenemu.host.AllocationPolicy;
import org.xenemu.host.Host;
import org.xenemu.selfballoon.SelfballoonFacade;
import org.xenemu.units.Pages;
import org.xenemu.xenstore.WatchSink;
import org.xenemu.xenstore.Xenstore;
import org.xenemu.xenstore.XsConnection;

/**
 * A whole emulated host ({@link EmulatedHost}) on a manual clock, for engine tests, with dom0
 * booted. {@link #engines} are plugged into every domain after the standard engines, so a test can
 * watch (or break) a domain's composition.
 */
public final class MemoryFixture {
    public final EmulatedHost emulated;
    public final VirtualClock clock;
    public final Scheduler scheduler;
    public final EventBus events;
    public final ClockControl clockControl;
    public final Xenstore xenstore;
    public final Host host;
    public final DomainRegistry registry;
    public final Toolstack toolstack;
    public final BalloonFacade balloons;
    public final GuestFacade guests;
    public final SelfballoonFacade selfballoons;
    public final TokenRegistry tokens;
    /** Extra engines, attached after the standard ones in list order. */
    public final List<DomainEngine> engines = new ArrayList<>();
    public final XsConnection dom0Xs;
    private final List<XenEvent> seen = new ArrayList<>();

    public MemoryFixture(HostSettings settings) {
        this.emulated = EmulatedHost.assemble(settings.withClockMode(ClockMode.MANUAL).withEventHistory(100_000),
                () -> 0L, List.of(new DomainEngine() {
                    @Override
                    public void attach(Domain domain) {
                        List<DomainEngine> started = new ArrayList<>();
                        try {
                            for (DomainEngine e : List.copyOf(engines)) {
                                e.attach(domain);
                                started.add(e);
                            }
                        } catch (RuntimeException e) {
                            for (int i = started.size() - 1; i >= 0; i--) {
                                started.get(i).detach(domain);
                            }
                            throw e;
                        }
                    }

                    @Override
                    public void detach(Domain domain) {
                        List<DomainEngine> all = List.copyOf(engines);
                        for (int i = all.size() - 1; i >= 0; i--) {
                            all.get(i).detach(domain);
                        }
                    }
                }));
        this.clock = emulated.virtualClock();
        this.scheduler = emulated.scheduler();
        this.events = emulated.events();
        this.clockControl = emulated.clock();
        this.xenstore = emulated.xenstore();
        this.host = emulated.host();
        this.registry = emulated.registry();
        this.toolstack = emulated.toolstack();
        this.balloons = emulated.balloons();
        this.guests = emulated.guests();
        this.selfballoons = emulated.selfballoons();
        this.tokens = emulated.tokens();
        events.subscribe(0, e -> seen.add(e.data()));
        emulated.bootDom0();
        this.dom0Xs = xenstore.connect(0, true, WatchSink.DISCARD);
    }

    /** A host of {@code hostPages} on {@code nodes} nodes, {@code xenPages} of them Xen's, dom0 {@code dom0KiB}. */
    public MemoryFixture(long hostPages, int nodes, long xenPages, AllocationPolicy policy, long dom0KiB,
                         long maxRetryCount) {
        this(HostSettings.defaults()
                .withHost(Pages.toKiB(hostPages), nodes, Pages.toKiB(xenPages), policy)
                .withDom0KiB(dom0KiB)
                .withBalloonMaxRetryCount(maxRetryCount));
    }

    /** 1 GiB host, 2 nodes, no Xen reservation, dom0 128 MiB, retry forever. */
    public static MemoryFixture small() {
        return new MemoryFixture(smallSettings());
    }

    /** The settings of {@link #small()}, to change before building. */
    public static HostSettings smallSettings() {
        return HostSettings.defaults().withHost(Pages.toKiB(262144), 2, 0, AllocationPolicy.NEAREST)
                .withDom0KiB(131072).withBalloonMaxRetryCount(0);
    }

    public Toolstack.Created create(DomainSpec spec) {
        return toolstack.create(Caller.DOM0, spec);
    }

    public void destroy(int domid) {
        toolstack.destroy(Caller.DOM0, domid);
    }

    /** {@code xl mem-set}. */
    public void setTarget(int domid, long kib) {
        toolstack.setTarget(Caller.DOM0, domid, kib);
    }

    /** {@code xl mem-max}. */
    public void setMax(int domid, long kib) {
        toolstack.setMax(Caller.DOM0, domid, kib);
    }

    public void advanceSeconds(long seconds) {
        clockControl.advanceSeconds(Caller.DOM0, BigDecimal.valueOf(seconds));
    }

    public void advanceJiffies(long jiffies) {
        scheduler.advance(jiffies);
    }

    public String read(String path) {
        return new String(dom0Xs.read(0, path), StandardCharsets.US_ASCII);
    }

    public <T extends XenEvent> List<T> events(Class<T> type) {
        return seen.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public void clearEvents() {
        seen.clear();
    }

    public List<EventEnvelope> history() {
        return events.page(0, Integer.MAX_VALUE).events();
    }
}
