package org.xenemu.host;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.xenemu.balloon.BalloonDriver;
import org.xenemu.balloon.Reservation;
import org.xenemu.caller.TokenRegistry;
import org.xenemu.clock.Scheduler;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.events.EventBus;
import org.xenemu.guest.GuestKernel;
import org.xenemu.guest.KernelConfig;
import org.xenemu.units.Pages;
import org.xenemu.xenstore.WatchSink;
import org.xenemu.xenstore.XsConnection;
import org.xenemu.xenstore.Xenstore;

/**
 * The toolstack (MEMORY.md "Domain lifecycle"; API.md "Host and domains"): creates and destroys
 * domains, and does what {@code xl mem-set} / {@code xl mem-max} do. Every operation runs under
 * the engine lock and changes nothing when it fails.
 */
public final class DomainService {
    private final Host host;
    private final DomainRegistry registry;
    private final Xenstore xenstore;
    private final Scheduler scheduler;
    private final EventBus events;
    private final TokenRegistry tokens;
    private final Settings settings;
    private final Supplier<List<DomainLifecycleListener>> listeners;
    private final XenstoreDomainKeys keys;
    private int nextDomid = 1;

    /** {@code issueTokens}: token mode; {@code maxRetryCount}: every new balloon driver's default. */
    public record Settings(boolean issueTokens, long maxRetryCount) {
    }

    public record Created(Domain domain, Optional<TokenRegistry.DomainTokens> tokens) {
    }

    public DomainService(Host host, DomainRegistry registry, Xenstore xenstore, Scheduler scheduler, EventBus events,
                         TokenRegistry tokens, Settings settings, Supplier<List<DomainLifecycleListener>> listeners) {
        this.host = host;
        this.registry = registry;
        this.xenstore = xenstore;
        this.scheduler = scheduler;
        this.events = events;
        this.tokens = tokens;
        this.settings = settings;
        this.listeners = listeners;
        this.keys = new XenstoreDomainKeys(xenstore.connect(0, true, WatchSink.DISCARD));
    }

    public Host host() {
        return host;
    }

    public DomainRegistry registry() {
        return registry;
    }

    /** dom0 exists from start: {@code dom0KiB} on node 0, its own balloon driver, no tokens. */
    public Domain bootDom0(long dom0KiB) {
        return scheduler.locked(() -> {
            if (registry.find(0).isPresent()) {
                return registry.get(0);
            }
            long pages = Pages.fromKiB(dom0KiB);
            GuestKernel kernel = new GuestKernel(0, true, pages, pages, KernelConfig.DEFAULTS);
            host.createDomain(0, 0, pages, pages);
            keys.writeDom0(dom0KiB);
            return start(0, "Domain-0", DomainType.PV, 0, dom0KiB, 0, kernel);
        });
    }

    /** Builds a domain, all or nothing: EINVAL for a bad spec, ENOMEM when the host lacks memory. */
    public Created create(DomainSpec spec) {
        return scheduler.locked(() -> {
            Plan plan = plan(spec);
            int domid = nextDomid;
            GuestKernel kernel = new GuestKernel(domid, false, plan.maxPfn, plan.initialPages, spec.kernel());
            int home = spec.homeNode().orElseGet(host::suggestHomeNode);
            host.createDomain(domid, home, Pages.fromKiB(plan.staticMaxKiB), plan.initialPages);
            try {
                keys.writeDomain(domid, spec.name(), plan.staticMaxKiB, spec.memoryKiB() - plan.videoramKiB,
                        spec.type() == DomainType.HVM ? plan.videoramKiB : -1);
            } catch (RuntimeException e) {
                host.destroyDomain(domid);
                keys.forget(domid);
                throw e;
            }
            nextDomid++;
            Domain domain = start(domid, spec.name(), spec.type(), home, plan.staticMaxKiB, plan.videoramKiB, kernel);
            Optional<TokenRegistry.DomainTokens> issued = settings.issueTokens()
                    ? Optional.of(tokens.issueFor(domid)) : Optional.empty();
            return new Created(domain, issued);
        });
    }

    private Domain start(int domid, String name, DomainType type, int home, long staticMaxKiB, long videoramKiB,
                         GuestKernel kernel) {
        Reservation reservation = new Reservation() {
            @Override
            public long[] increase(long pages) {
                return host.allocate(domid, pages);
            }

            @Override
            public long[] decrease(long pages) {
                return host.free(domid, pages);
            }
        };
        BalloonDriver balloon = new BalloonDriver(domid, type == DomainType.HVM, kernel, reservation, xenstore,
                scheduler, events, settings.maxRetryCount());
        Domain domain = new Domain(domid, name, type, home, staticMaxKiB, videoramKiB, kernel, balloon, host);
        registry.add(domain);
        List<DomainLifecycleListener> started = new ArrayList<>();
        try {
            balloon.start();
            for (DomainLifecycleListener listener : listeners.get()) {
                listener.domainCreated(domain);
                started.add(listener);
            }
        } catch (RuntimeException e) {
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).domainDestroyed(domain);
            }
            teardown(domain);
            throw e;
        }
        events.publish(new DomainCreated(domid, name, type.name(), home, Pages.toKiB(domain.ownedPages()),
                staticMaxKiB));
        return domain;
    }

    /** Destroys a domain: engines stop, pages and tmem go back to the host, xenstore releases it. */
    public void destroy(int domid) {
        scheduler.locked(() -> {
            Domain domain = registry.get(domid);
            if (domain.isDom0()) {
                throw XenException.busy("dom0 cannot be destroyed");
            }
            List<DomainLifecycleListener> all = listeners.get();
            for (int i = all.size() - 1; i >= 0; i--) {
                all.get(i).domainDestroyed(domain);
            }
            long returned = host.ownedPages(domid) + host.tmemPages(domid);
            teardown(domain);
            tokens.revokeDomain(domid);
            events.publish(new DomainDestroyed(domid, domain.name(), Pages.toKiB(returned)));
        });
    }

    private void teardown(Domain domain) {
        domain.balloon().stop();
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
     * subtraction wraps above static-max). For PV, N > static-max is EINVAL, as API.md says.
     * Unlike libxl with enforce=1, max_pages is left alone.
     */
    public void setTarget(int domid, long kib) {
        scheduler.locked(() -> {
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

    /** {@code xl mem-max}: the hypervisor's limit on what the domain may own; below current is EINVAL. */
    public void setMax(int domid, long kib) {
        scheduler.locked(() -> {
            registry.get(domid);
            if (kib < 0) {
                throw XenException.invalid("max must not be negative");
            }
            host.setMaxPages(domid, Pages.fromKiB(kib));
        });
    }

    private Plan plan(DomainSpec spec) {
        if (spec.name() == null || spec.name().isBlank() || spec.name().length() > 64) {
            throw XenException.invalid("name must be 1..64 characters");
        }
        if (!spec.name().chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw XenException.invalid("name must be printable ASCII without spaces");
        }
        if (registry.all().stream().anyMatch(d -> d.name().equals(spec.name()))) {
            throw XenException.of(Errno.EEXIST, "a domain named " + spec.name() + " already exists");
        }
        if (spec.memoryKiB() <= 0) {
            throw XenException.invalid("memoryKiB must be positive");
        }
        long staticMax = spec.staticMaxKiB() == 0 ? spec.memoryKiB() : spec.staticMaxKiB();
        if (staticMax < spec.memoryKiB()) {
            throw XenException.invalid("staticMaxKiB must be at least memoryKiB");
        }
        long video = spec.type() == DomainType.HVM
                ? (spec.videoramKiB() < 0 ? DomainSpec.DEFAULT_HVM_VIDEORAM_KIB : spec.videoramKiB()) : 0;
        if (video >= spec.memoryKiB()) {
            throw XenException.invalid("videoramKiB must be below memoryKiB");
        }
        if (spec.homeNode().isPresent()
                && (spec.homeNode().getAsInt() < 0 || spec.homeNode().getAsInt() >= host.nodeCount())) {
            throw XenException.invalid("no NUMA node " + spec.homeNode().getAsInt());
        }
        // The guest sees its RAM without the video memory (libxl writes target = memory − videoram).
        return new Plan(staticMax, video, Pages.fromKiB(staticMax - video), Pages.fromKiB(spec.memoryKiB() - video));
    }

    private record Plan(long staticMaxKiB, long videoramKiB, long maxPfn, long initialPages) {
    }

    /** The toolstack's xenstore writes, as libxl does them, on one privileged connection. */
    static final class XenstoreDomainKeys {
        private final XsConnection xs;

        XenstoreDomainKeys(XsConnection xs) {
            this.xs = xs;
        }

        void writeDom0(long dom0KiB) {
            write("/local/domain/0/memory/static-max", Long.toString(dom0KiB));
            write("/local/domain/0/memory/target", Long.toString(dom0KiB));
        }

        /**
         * Home and {@code memory/} are dom0's, readable by the guest ({@code n0 r<id>}); {@code data/}
         * and {@code control/feature-balloon} belong to the guest so that its agents can write them.
         */
        void writeDomain(int domid, String name, long staticMaxKiB, long targetKiB, long videoramKiB) {
            String home = "/local/domain/" + domid;
            List<String> readOnly = List.of("n0", "r" + domid);
            List<String> guestOwned = List.of("n" + domid);
            for (int attempt = 0; ; attempt++) {
                long tx = xs.transactionStart(0);
                try {
                    xs.mkdir(tx, home);
                    xs.setPerms(tx, home, readOnly);
                    put(tx, home + "/name", name);
                    put(tx, home + "/domid", Integer.toString(domid));
                    xs.mkdir(tx, home + "/memory");
                    put(tx, home + "/memory/static-max", Long.toString(staticMaxKiB));
                    put(tx, home + "/memory/target", Long.toString(targetKiB));
                    if (videoramKiB >= 0) {
                        put(tx, home + "/memory/videoram", Long.toString(videoramKiB));
                    }
                    xs.mkdir(tx, home + "/control");
                    xs.mkdir(tx, home + "/control/feature-balloon");
                    xs.setPerms(tx, home + "/control/feature-balloon", guestOwned);
                    xs.mkdir(tx, home + "/data");
                    xs.setPerms(tx, home + "/data", guestOwned);
                    xs.transactionEnd(tx, true);
                    break;
                } catch (XenException e) {
                    if (e.errno() != Errno.EAGAIN) {
                        abort(tx);
                        throw e;
                    }
                    if (attempt >= 10) {
                        throw e;
                    }
                }
            }
            xs.introduce(domid, 1, 1);
        }

        void writeTarget(int domid, long kib) {
            write("/local/domain/" + domid + "/memory/target", Long.toString(kib));
        }

        /** Releases the domain (fires @releaseDomain) and removes its home, as libxl's destroy does. */
        void forget(int domid) {
            try {
                if (xs.isDomainIntroduced(domid)) {
                    xs.release(domid);
                }
            } catch (XenException e) {
                // already released
            }
            try {
                xs.rm(0, "/local/domain/" + domid);
            } catch (XenException e) {
                // the release already removed it
            }
        }

        private void put(long tx, String path, String value) {
            xs.write(tx, path, value.getBytes(StandardCharsets.US_ASCII));
        }

        private void write(String path, String value) {
            put(0, path, value);
        }

        private void abort(long tx) {
            try {
                xs.transactionEnd(tx, false);
            } catch (XenException ignored) {
                // the transaction is gone already
            }
        }
    }
}
