package org.xenemu.selfballoon;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.xenemu.caller.Caller;
import org.xenemu.clock.Scheduler;
import org.xenemu.error.XenException;
import org.xenemu.events.EventBus;
import org.xenemu.linux.SysfsWrite;

/**
 * The door of the selfballoon engines: every domain's {@link Selfballooner}, attached and detached
 * by the toolstack's composer, and the guest-facing operations on them with their access rules
 * (docs/api.md "Inside a guest"): a guest reaches only its own files (others → EACCES, before
 * ENOENT), anyone in the guest may read (mode 0644), only root in the guest — or dom0 — may write
 * (EPERM otherwise, the seed's {@code capable(CAP_SYS_ADMIN)}). Each operation takes the engine
 * lock itself.
 */
public final class SelfballoonFacade {
    private final Scheduler scheduler;
    private final EventBus events;
    private final SelfballoonOptions options;
    private final Map<Integer, Selfballooner> drivers = new HashMap<>();
    /** Every worker's runs since the host started, destroyed domains' included; read without the lock. */
    private final AtomicLong runs = new AtomicLong();

    public SelfballoonFacade(Scheduler scheduler, EventBus events, SelfballoonOptions options) {
        this.scheduler = scheduler;
        this.events = events;
        this.options = options;
    }

    /** A domain was created: its driver exists (files included) and starts if the seed's init would. */
    public Selfballooner attach(SelfballoonGuest guest) {
        return scheduler.locked(() -> {
            Selfballooner driver = new Selfballooner(guest, scheduler, events, options, runs);
            drivers.put(guest.domid(), driver);
            driver.start();
            return driver;
        });
    }

    /** A domain's driver for a snapshot; empty if it has none (under the engine lock). */
    public Optional<Selfballooner.State> capture(int domid) {
        return scheduler.locked(() -> Optional.ofNullable(drivers.get(domid)).map(Selfballooner::capture));
    }

    /** Checks a saved driver and builds it, not yet attached: EINVAL if a tunable is missing. */
    public Selfballooner prepare(Selfballooner.State saved, SelfballoonGuest guest) {
        return new Selfballooner(saved, guest, scheduler, events, runs);
    }

    /** Restore: attaches a prepared driver with its worker at its saved place, without side effects. */
    public void restore(Selfballooner driver) {
        scheduler.locked(() -> {
            drivers.put(driver.domid(), driver);
            driver.resume();
        });
    }

    /** Restore: forgets every driver quietly. */
    public void clearForRestore() {
        scheduler.locked(() -> {
            drivers.values().forEach(Selfballooner::stop);
            drivers.clear();
        });
    }

    /** A domain is going away: its worker stops for good. */
    public void detach(int domid) {
        scheduler.locked(() -> {
            Selfballooner driver = drivers.remove(domid);
            if (driver != null) {
                driver.stop();
            }
        });
    }

    /** Read a driver under the lock (for other engines and views); empty if the domain is unknown. */
    public Optional<SelfballoonView> view(int domid) {
        return scheduler.locked(() -> Optional.ofNullable(drivers.get(domid)).map(SelfballoonView::of));
    }

    public String show(Caller caller, int domid, String fileName) {
        return scheduler.locked(() -> {
            Selfballooner driver = reach(caller, domid);
            return driver.show(tunable(fileName));
        });
    }

    /**
     * A sysfs write: {@code written} are the bytes of one {@code write(2)} (none: a zero-length
     * write), parsed by the tunable's store ({@code kstrtoul} base 10).
     */
    public void store(Caller caller, int domid, String fileName, byte @Nullable [] written) {
        String text = SysfsWrite.written(written);
        scheduler.locked(() -> {
            Selfballooner driver = reach(caller, domid);
            driver.store(tunable(fileName), text, caller.guestRoot());
        });
    }

    public SelfballoonView view(Caller caller, int domid) {
        return scheduler.locked(() -> SelfballoonView.of(reach(caller, domid)));
    }

    public SelfballoonView patch(Caller caller, int domid, Map<Tunable, String> texts) {
        return scheduler.locked(() -> {
            Selfballooner driver = reach(caller, domid);
            driver.patch(texts, caller.guestRoot());
            return SelfballoonView.of(driver);
        });
    }

    /** Runs of every domain's selfballoon worker since the host started (monotonic; no lock needed). */
    public long totalRuns() {
        return runs.get();
    }

    public int driverCount() {
        return scheduler.locked(drivers::size);
    }

    private Selfballooner reach(Caller caller, int domid) {
        caller.verifyMayReach(domid, "a guest may reach only its own sysfs");
        Selfballooner driver = drivers.get(domid);
        if (driver == null) {
            throw XenException.notFound("no domain " + domid);
        }
        return driver;
    }

    private static Tunable tunable(String fileName) {
        return Tunable.byFileName(fileName)
                .orElseThrow(() -> XenException.notFound("no selfballoon tunable '" + fileName + "'"));
    }
}
