package org.xenemu.host;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.xenemu.caller.TokenRegistry;
import org.xenemu.clock.ClockControl;
import org.xenemu.clock.ClockMode;
import org.xenemu.clock.Scheduler;
import org.xenemu.clock.VirtualClock;
import org.xenemu.events.EventBus;
import org.xenemu.events.EventEnvelope;
import org.xenemu.events.XenEvent;
import org.xenemu.xenstore.WatchSink;
import org.xenemu.xenstore.XenstoreEngine;
import org.xenemu.xenstore.XsConnection;
import org.xenemu.xenstore.store.Quotas;

/** A whole memory model on a manual clock with the real xenstore, for engine tests. */
public final class MemoryFixture {
    public final VirtualClock clock = new VirtualClock(250, ClockMode.MANUAL, 1.0, () -> 0L);
    public final Scheduler scheduler = new Scheduler(clock);
    public final EventBus events = new EventBus(clock, 100_000);
    public final ClockControl clockControl = new ClockControl(scheduler, events);
    public final XenstoreEngine xenstore = new XenstoreEngine(Quotas.DEFAULTS);
    public final Host host;
    public final DomainRegistry registry = new DomainRegistry();
    public final DomainService domains;
    public final List<DomainLifecycleListener> listeners = new ArrayList<>();
    public final XsConnection dom0Xs;
    private final List<XenEvent> seen = new ArrayList<>();

    public MemoryFixture(Host host, long dom0KiB, long maxRetryCount) {
        this.host = host;
        events.subscribe(0, e -> seen.add(e.data()));
        Supplier<List<DomainLifecycleListener>> ls = () -> List.copyOf(listeners);
        this.domains = new DomainService(host, registry, xenstore, scheduler, events, new TokenRegistry(),
                new DomainService.Settings(false, maxRetryCount), ls);
        domains.bootDom0(dom0KiB);
        this.dom0Xs = xenstore.connect(0, true, WatchSink.DISCARD);
    }

    /** 1 GiB host, 2 nodes, no Xen reservation, dom0 128 MiB, retry forever. */
    public static MemoryFixture small() {
        return new MemoryFixture(Host.uniform(262144, 2, 0, AllocationPolicy.NEAREST), 131072, 0);
    }

    public void advanceSeconds(long seconds) {
        clockControl.advanceSeconds(BigDecimal.valueOf(seconds));
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
