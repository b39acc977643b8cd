package org.xenemu.bench;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.xenemu.XenemuApplication;
import org.xenemu.caller.TokenRegistry;
import org.xenemu.clock.ClockControl;
import org.xenemu.clock.ClockMode;
import org.xenemu.clock.ScheduledTask;
import org.xenemu.clock.Scheduler;
import org.xenemu.clock.VirtualClock;
import org.xenemu.events.EventBus;
import org.xenemu.guest.KernelConfig;
import org.xenemu.host.AllocationPolicy;
import org.xenemu.host.Domain;
import org.xenemu.host.DomainRegistry;
import org.xenemu.host.DomainService;
import org.xenemu.host.DomainSpec;
import org.xenemu.host.Host;
import org.xenemu.selfballoon.SelfballoonService;
import org.xenemu.xenstore.XenstoreEngine;
import org.xenemu.xenstore.store.Quotas;

/**
 * N domains on a manual clock, each given a new target (xl mem-set through xenstore, picked at
 * random between 48 and 128 MiB) every virtual minute for H virtual hours. Prints wall time,
 * balloon steps per second and heap per domain.
 *
 * <p>Modes: {@code core} (default) is the host, xenstore and balloon drivers alone; {@code full}
 * is the whole service without its web server (guest kernels with their reclaim and meminfo
 * engines, selfballoon drivers, every listener); {@code full-tmem} is the same with tmem on in
 * every guest, so selfballooning (on at boot) pulls each guest down every few seconds between
 * the toolstack's targets.
 *
 * <pre>./mvnw -q -Pbench test-compile exec:java -Dbench=org.xenemu.bench.BalloonBench -Dexec.args="1000 24 [core|full|full-tmem]"</pre>
 */
public final class BalloonBench {
    public static void main(String[] args) {
        int[] sizes = args.length > 0 ? new int[] {Integer.parseInt(args[0])} : new int[] {100, 1000, 10000};
        double hours = args.length > 1 ? Double.parseDouble(args[1]) : 24;
        String mode = args.length > 2 ? args[2] : "core";
        for (int n : sizes) {
            switch (mode) {
                case "core" -> runCore(n, hours);
                case "full" -> runFull(n, hours, false);
                case "full-tmem" -> runFull(n, hours, true);
                default -> throw new IllegalArgumentException("mode is core, full or full-tmem, not " + mode);
            }
        }
    }

    static void runCore(int domains, double hours) {
        VirtualClock clock = new VirtualClock(250, ClockMode.MANUAL, 1.0, () -> 0L);
        Scheduler scheduler = new Scheduler(clock);
        EventBus events = new EventBus(clock, 10_000);
        ClockControl control = new ClockControl(scheduler, events);
        long hostPages = (long) domains * 32768 + 1_000_000;
        Host host = Host.uniform(hostPages, 2, 32768, AllocationPolicy.NEAREST);
        DomainRegistry registry = new DomainRegistry();
        DomainService service = new DomainService(host, registry, new XenstoreEngine(Quotas.DEFAULTS), scheduler, events,
                new TokenRegistry(), new DomainService.Settings(false, 0), List::of);
        service.bootDom0(1024 * 1024);
        measure("core", domains, hours, service, registry, scheduler, control, host, KernelConfig.DEFAULTS, null);
    }

    static void runFull(int domains, double hours, boolean tmem) {
        long hostKiB = (long) domains * 128 * 1024 + 3L * 1024 * 1024;
        ConfigurableApplicationContext ctx = new SpringApplication(XenemuApplication.class) {
            {
                setWebApplicationType(WebApplicationType.NONE);
            }
        }.run("--xenemu.clock.mode=manual", "--xenemu.host.memory-kib=" + hostKiB,
                "--xenemu.events.history=4096", "--logging.level.root=WARN",
                "--xenemu.run-dir=target/balloon-bench-run",
                "--xenemu.xenstore.max-introduced-domains=" + Math.min(domains, 32_751)); // default 1,024
        try {
            KernelConfig kernel = tmem
                    ? new KernelConfig(0, true, false, 0, 50, KernelConfig.AUTO, KernelConfig.AUTO)
                    : KernelConfig.DEFAULTS;
            measure(tmem ? "full-tmem" : "full", domains, hours, ctx.getBean(DomainService.class),
                    ctx.getBean(DomainRegistry.class), ctx.getBean(Scheduler.class), ctx.getBean(ClockControl.class),
                    ctx.getBean(Host.class), kernel, ctx.getBean(SelfballoonService.class));
        } finally {
            ctx.close();
        }
    }

    static void measure(String mode, int domains, double hours, DomainService service, DomainRegistry registry,
                        Scheduler scheduler, ClockControl control, Host host, KernelConfig kernel,
                        SelfballoonService selfballoon) {
        long t0 = System.nanoTime();
        for (int i = 0; i < domains; i++) {
            service.create(DomainSpec.pv("d" + i, 64 * 1024).withStaticMaxKiB(128 * 1024).withKernel(kernel));
        }
        long createNanos = System.nanoTime() - t0;

        Random random = new Random(42);
        long minute = scheduler.clock().secondsToJiffies(60);
        List<ScheduledTask> tasks = new ArrayList<>();
        List<Domain> guests = scheduler.locked(() -> registry.all().stream().filter(d -> !d.isDom0()).toList());
        scheduler.locked(() -> {
            for (Domain d : guests) {
                int domid = d.domid();
                ScheduledTask[] task = new ScheduledTask[1];
                task[0] = scheduler.newTask("bench-" + domid, () -> {
                    service.setTarget(domid, (48 + random.nextInt(81)) * 1024L);
                    task[0].reschedule(minute);
                });
                task[0].reschedule(random.nextInt((int) minute));
                tasks.add(task[0]);
            }
        });
        long stepsBefore = totalSteps(scheduler, guests);
        long runsBefore = scheduler.taskRuns();
        long selfballoonBefore = selfballoonRuns(selfballoon, guests);
        long t1 = System.nanoTime();
        control.advanceSeconds(BigDecimal.valueOf(hours * 3600));
        long runNanos = System.nanoTime() - t1;
        long steps = totalSteps(scheduler, guests) - stepsBefore;
        long selfballoonRuns = selfballoonRuns(selfballoon, guests) - selfballoonBefore;
        scheduler.locked(host::verifyConservation);
        scheduler.locked(() -> tasks.forEach(ScheduledTask::cancel));
        tasks.clear();
        // heap the domains hold: used heap with them, less used heap once they are destroyed
        long heapWithDomains = usedHeap();
        for (Domain d : guests) {
            service.destroy(d.domid());
        }
        long heapBefore = usedHeap();
        System.out.printf("mode=%s domains=%d virtual-hours=%.1f create=%.2fs heap/domain=%.1fKiB wall=%.2fs "
                        + "targets=%d balloon-steps=%d steps/s=%.0f selfballoon-runs=%d tasks=%d "
                        + "wall-per-virtual-hour=%.3fs%n",
                mode, domains, hours, createNanos / 1e9, (heapWithDomains - heapBefore) / 1024.0 / domains,
                runNanos / 1e9, (long) (domains * hours * 60), steps, steps / (runNanos / 1e9), selfballoonRuns,
                scheduler.taskRuns() - runsBefore, runNanos / 1e9 / hours);
    }

    static long totalSteps(Scheduler scheduler, List<Domain> guests) {
        return scheduler.locked(() -> guests.stream().mapToLong(d -> d.balloon().steps()).sum());
    }

    static long selfballoonRuns(SelfballoonService selfballoon, List<Domain> guests) {
        if (selfballoon == null) {
            return 0;
        }
        return guests.stream().mapToLong(d -> selfballoon.view(d.domid()).map(v -> v.worker().runs()).orElse(0L))
                .sum();
    }

    static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
