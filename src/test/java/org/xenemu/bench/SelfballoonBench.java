package org.xenemu.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.xenemu.XenemuApplication;
import org.xenemu.clock.Scheduler;
import org.xenemu.events.EventBus;
import org.xenemu.caller.Caller;
import org.xenemu.guest.workload.GuestEvents;
import org.xenemu.guest.GuestFacade;
import org.xenemu.guest.kernel.KernelConfig;
import org.xenemu.guest.workload.MappingKind;
import org.xenemu.guest.workload.WorkloadViews.MmapRequest;
import org.xenemu.toolstack.Domain;
import org.xenemu.toolstack.Toolstack;
import org.xenemu.toolstack.DomainSpec;
import org.xenemu.host.Host;
import org.xenemu.selfballoon.FrontswapShrunk;
import org.xenemu.selfballoon.SelfballoonFacade;

/**
 * 1,000 selfballooning domains with moving workloads for 24 virtual hours, on the whole service
 * (host, xenstore, balloon drivers, selfballoon, guest reclaim), manual clock, no web server. Each
 * domain: 256 MiB of a 512 MiB static-max, a 128 MiB swap device, tmem on, overcommit mode 1.
 * Each domain runs one process with two private writable anonymous mappings, both touched: an
 * "idle" one of 30,000 pages touched once at boot (the oldest pages, so reclaim takes them first)
 * and an "active" one that every virtual minute is mremap'ed to a new size and touched whole. Its
 * size is a daily sine (±50 %) around the domain's own base of 5,000–30,000 pages plus, with 2 %
 * chance, a 20,000-page spike for that minute (seeded, so runs are comparable). A spike touches
 * more than the selfballooned guest has free, so idle pages go out to frontswap (host tmem); the
 * balloon then grows within one interval, and frontswap self-shrinking brings the pages back
 * after its inertia. Prints wall time, selfballoon runs per wall second, scheduler task runs, and
 * how many pages went to frontswap and came back.
 *
 * <pre>./mvnw -q -Pbench test-compile exec:java -Dbench=org.xenemu.bench.SelfballoonBench [-Dexec.args="1000 24"]</pre>
 */
public final class SelfballoonBench {
    public static void main(String[] args) {
        int domainCount = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int hours = args.length > 1 ? Integer.parseInt(args[1]) : 24;
        long hostKiB = (long) domainCount * 512 * 1024 + 2L * 1024 * 1024;
        ConfigurableApplicationContext ctx = new SpringApplication(XenemuApplication.class) {
            {
                setWebApplicationType(org.springframework.boot.WebApplicationType.NONE);
            }
        }.run("--xenemu.clock.mode=manual", "--xenemu.host.memory-kib=" + hostKiB,
                "--xenemu.events.history=4096", "--logging.level.root=WARN");
        try {
            run(ctx, domainCount, hours);
        } finally {
            ctx.close();
        }
    }

    static final long IDLE_PAGES = 30_000;
    static final long SPIKE_PAGES = 20_000;

    private static void run(ConfigurableApplicationContext ctx, int domainCount, int hours) {
        Toolstack domains = ctx.getBean(Toolstack.class);
        Scheduler scheduler = ctx.getBean(Scheduler.class);
        Host host = ctx.getBean(Host.class);
        EventBus events = ctx.getBean(EventBus.class);
        SelfballoonFacade selfballoon = ctx.getBean(SelfballoonFacade.class);
        GuestFacade guests = ctx.getBean(GuestFacade.class);
        KernelConfig tmem = new KernelConfig(128 * 1024, true, false, 1, 50, KernelConfig.AUTO, KernelConfig.AUTO);

        long createStart = System.nanoTime();
        List<Domain> all = new ArrayList<>();
        for (int i = 0; i < domainCount; i++) {
            all.add(domains.create(Caller.DOM0, DomainSpec.pv("bench" + i, 256 * 1024).withStaticMaxKiB(512 * 1024)
                    .withKernel(tmem)).domain());
        }
        double createSeconds = (System.nanoTime() - createStart) / 1e9;

        Random random = new Random(42);
        long[] basePages = new long[domainCount];
        for (int i = 0; i < domainCount; i++) {
            basePages[i] = 5_000 + random.nextInt(25_000);
        }
        int[] pids = new int[domainCount];
        long[] mappings = new long[domainCount];
        boolean[] dead = new boolean[domainCount];
        for (int i = 0; i < domainCount; i++) {
            int domid = all.get(i).domid();
            pids[i] = guests.createProcess(Caller.DOM0, domid, "load");
            long idle = guests.mmap(Caller.DOM0, domid, pids[i],
                    new MmapRequest(MappingKind.ANONYMOUS, false, true, IDLE_PAGES * 4, false, false)).id();
            guests.touch(Caller.DOM0, domid, pids[i], idle, IDLE_PAGES * 4);
            mappings[i] = guests.mmap(Caller.DOM0, domid, pids[i],
                    new MmapRequest(MappingKind.ANONYMOUS, false, true, basePages[i] * 4, false, false)).id();
            guests.touch(Caller.DOM0, domid, pids[i], mappings[i], basePages[i] * 4);
        }
        long[] moved = new long[3]; // to frontswap, to the swap device, back from frontswap by self-shrink
        long[] kills = new long[1];
        events.subscribe(events.lastSeq(), e -> {
            if (e.data() instanceof GuestEvents.SwappedOut s) {
                moved[0] += s.frontswapKiB() / 4;
                moved[1] += s.deviceKiB() / 4;
            } else if (e.data() instanceof FrontswapShrunk f) {
                moved[2] += f.before() - f.after();
            } else if (e.data() instanceof GuestEvents.OomKilled) {
                kills[0]++;
            }
        });
        long tasksBefore = scheduler.taskRuns();
        long eventsBefore = events.lastSeq();
        long minutes = hours * 60L;
        long start = System.nanoTime();
        for (long minute = 0; minute < minutes; minute++) {
            double phase = Math.sin(2 * Math.PI * minute / (24 * 60.0));
            scheduler.locked(() -> {
                for (int i = 0; i < domainCount; i++) {
                    long committed = (long) (basePages[i] * (1.0 + 0.5 * phase));
                    if (random.nextInt(100) < 2) {
                        committed += 30_000;
                    }
                    if (dead[i]) {
                        continue;
                    }
                    int domid = all.get(i).domid();
                    guests.changeMapping(Caller.DOM0, domid, pids[i], mappings[i], null, committed * 4);
                    dead[i] = guests.touch(Caller.DOM0, domid, pids[i], mappings[i], committed * 4).processKilled();
                }
            });
            scheduler.advance(scheduler.clock().secondsToJiffies(60));
        }
        double wallSeconds = (System.nanoTime() - start) / 1e9;
        long runs = 0;
        for (Domain d : all) {
            runs += selfballoon.view(d.domid()).orElseThrow().worker().runs();
        }
        long tasks = scheduler.taskRuns() - tasksBefore;
        long published = events.lastSeq() - eventsBefore;
        long owned = scheduler.locked(() -> all.stream().mapToLong(Domain::ownedPages).sum());
        scheduler.locked(host::verifyConservation);

        System.out.printf("domains                 %d (created in %.2f s wall)%n", domainCount, createSeconds);
        System.out.printf("virtual time            %d h%n", hours);
        System.out.printf("wall time               %.2f s%n", wallSeconds);
        System.out.printf("selfballoon runs        %d%n", runs);
        System.out.printf("runs per wall second    %.0f%n", runs / wallSeconds);
        System.out.printf("scheduler task runs     %d (%.0f per wall second)%n", tasks, tasks / wallSeconds);
        System.out.printf("events published        %d%n", published);
        System.out.printf("virtual/wall speed-up   %.0fx%n", hours * 3600.0 / wallSeconds);
        System.out.printf("guest memory at the end %d MiB of %d MiB booted%n", owned / 256, (long) domainCount * 256);
        System.out.printf("pages to frontswap      %d (to the swap device %d)%n", moved[0], moved[1]);
        System.out.printf("pages back by shrink    %d%n", moved[2]);
        System.out.printf("frontswap at the end    %d pages (host tmem %d)%n",
                scheduler.locked(() -> all.stream().mapToLong(d -> d.kernel().frontswapPages()).sum()),
                scheduler.locked(() -> host.tmemPages()));
        System.out.printf("OOM kills               %d%n", kills[0]);
    }
}
