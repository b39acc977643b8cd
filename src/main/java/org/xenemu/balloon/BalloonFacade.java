package org.xenemu.balloon;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.xenemu.caller.Caller;
import org.xenemu.clock.Scheduler;
import org.xenemu.error.XenException;
import org.xenemu.events.EventBus;
import org.xenemu.linux.SysfsWrite;
import org.xenemu.xenstore.Xenstore;

/**
 * The door of the balloon drivers: every domain's {@link BalloonDriver}, attached and detached by
 * the toolstack's composer, and what a guest (or dom0) may do with them — the JSON view and the
 * sysfs files of {@code xen_memory0} (docs/memory.md "sysfs mirror") — under the engine lock,
 * after the access rule: a guest reaches only its own driver (403 EACCES, before 404 ENOENT so
 * that existence does not leak); writes need root in the guest (EPERM, {@link BalloonSysfs}).
 */
public final class BalloonFacade {
    private final Xenstore xenstore;
    private final Scheduler scheduler;
    private final EventBus events;
    private final long maxRetryCount;
    private final Map<Integer, BalloonDriver> drivers = new HashMap<>();

    /** {@code maxRetryCount}: what every new driver starts with (0 = retry forever). */
    public BalloonFacade(Xenstore xenstore, Scheduler scheduler, EventBus events, long maxRetryCount) {
        this.xenstore = xenstore;
        this.scheduler = scheduler;
        this.events = events;
        this.maxRetryCount = maxRetryCount;
    }

    /**
     * A domain was built: its driver connects to xenstore as the domain, announces
     * {@code feature-balloon} and watches {@code memory/target}. {@code hvm}: the guest takes the
     * HVM target offset (never dom0).
     */
    public BalloonDriver attach(int domid, boolean hvm, BalloonGuest guest, Reservation reservation) {
        return scheduler.locked(() -> {
            BalloonDriver driver = new BalloonDriver(domid, hvm, guest, reservation, xenstore, scheduler, events,
                    maxRetryCount);
            drivers.put(domid, driver);
            try {
                driver.start();
            } catch (RuntimeException e) {
                drivers.remove(domid);
                driver.stop();
                throw e;
            }
            return driver;
        });
    }

    /**
     * Restore: the driver of a saved domain, rebuilt from its state and re-connected without the
     * side effects of {@link #attach} (no xenstore write, no event; timers at their saved places).
     */
    public void restore(BalloonDriver driver) {
        scheduler.locked(() -> {
            drivers.put(driver.domid(), driver);
            driver.resume();
        });
    }

    /** Restore, first half: a saved driver rebuilt on its ports, not yet attached or connected. */
    public BalloonDriver prepare(BalloonDriver.State saved, BalloonGuest guest, Reservation reservation) {
        return new BalloonDriver(saved, guest, reservation, xenstore, scheduler, events);
    }

    /** A domain's driver for a snapshot; empty if it has none (under the engine lock). */
    public Optional<BalloonDriver.State> capture(int domid) {
        return scheduler.locked(() -> Optional.ofNullable(drivers.get(domid)).map(BalloonDriver::capture));
    }

    /** Restore: forgets every driver quietly (their timers are already off the queue, their connections closed). */
    public void clearForRestore() {
        scheduler.locked(() -> {
            drivers.values().forEach(BalloonDriver::stop);
            drivers.clear();
        });
    }

    /** The domain goes away: the driver's timers stop and its xenstore connection (and watch) closes. */
    public void detach(int domid) {
        scheduler.locked(() -> {
            BalloonDriver driver = drivers.remove(domid);
            if (driver != null) {
                driver.stop();
            }
        });
    }

    /** The view of a domain's driver for the toolstack's domain view (no access check: the caller did it). */
    public Optional<BalloonView> view(int domid) {
        return scheduler.locked(() -> Optional.ofNullable(drivers.get(domid)).map(BalloonView::of));
    }

    public BalloonView view(Caller caller, int domid) {
        return scheduler.locked(() -> BalloonView.of(reach(caller, domid)));
    }

    /**
     * Makes a domain's driver misbehave (docs/toolstack.md "Misbehaving guests"): fault injection is
     * the operator's, so dom0 only (403 EACCES for a guest, even for its own driver). Answers the
     * driver's view with the fault.
     */
    public BalloonView setFault(Caller caller, int domid, BalloonFault fault) {
        return scheduler.locked(() -> {
            caller.verifyDom0("only dom0 may inject balloon faults");
            BalloonDriver driver = drivers.get(domid);
            if (driver == null) {
                throw XenException.notFound("no domain " + domid);
            }
            driver.setFault(fault);
            return BalloonView.of(driver);
        });
    }

    /** The fault of a domain's driver, for engines of the toolstack (no access check). */
    public Optional<BalloonFault> fault(int domid) {
        return scheduler.locked(() -> Optional.ofNullable(drivers.get(domid)).map(BalloonDriver::fault));
    }

    /** A sysfs read: the text the kernel prints, newline included. */
    public String read(Caller caller, int domid, String attribute) {
        return scheduler.locked(() -> BalloonSysfs.read(reach(caller, domid), attribute));
    }

    /**
     * A sysfs write: {@code written} are the bytes of one {@code write(2)} (none: a zero-length
     * write), handed to the attribute's store function as the kernel does and parsed by it.
     */
    public void write(Caller caller, int domid, String attribute, byte @Nullable [] written) {
        String text = SysfsWrite.written(written);
        scheduler.locked(() -> BalloonSysfs.write(reach(caller, domid), attribute, text, caller.guestRoot()));
    }

    private BalloonDriver reach(Caller caller, int domid) {
        caller.verifyMayReach(domid);
        BalloonDriver driver = drivers.get(domid);
        if (driver == null) {
            throw XenException.notFound("no domain " + domid);
        }
        return driver;
    }
}
