package org.xenemu.toolstack;

import java.util.ArrayList;
import java.util.List;
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
}
