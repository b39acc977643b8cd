package org.xenemu.bench;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.xenemu.XenemuApplication;
import org.xenemu.caller.Caller;
import org.xenemu.clock.ClockControl;
import org.xenemu.clock.ClockMode;
import org.xenemu.clock.ScheduledTask;
import org.xenemu.clock.Scheduler;
import org.xenemu.guest.kernel.KernelConfig;
import org.xenemu.host.AllocationPolicy;
import org.xenemu.selfballoon.SelfballoonOptions;
import org.xenemu.toolstack.Domain;
import org.xenemu.toolstack.DomainRegistry;
import org.xenemu.toolstack.DomainSpec;
import org.xenemu.host.Host;
import org.xenemu.selfballoon.SelfballoonFacade;
import org.xenemu.toolstack.EmulatedHost;
import org.xenemu.toolstack.HostSettings;
import org.xenemu.toolstack.Toolstack;
import org.xenemu.units.Pages;

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

    /** The plain-Java host (no Spring), guest engines quiet: no meminfo reports, no selfballoon. */
    static void runCore(int domains, double hours) {
        long hostPages = (long) domains * 32768 + 1_000_000;
        EmulatedHost emulated = EmulatedHost.create(HostSettings.defaults()
                .withClockMode(ClockMode.MANUAL)
                .withHost(Pages.toKiB(hostPages), 2, Pages.toKiB(32768), AllocationPolicy.NEAREST)
                .withDom0KiB(1024 * 1024)
                .withPublishMeminfo(false)
                .withSelfballoon(new SelfballoonOptions(false, false, false)));
        measure("core", domains, hours, emulated.toolstack(), emulated.registry(), emulated.scheduler(),
                emulated.clock(), emulated.host(), KernelConfig.DEFAULTS, null);
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
            measure(tmem ? "full-tmem" : "full", domains, hours, ctx.getBean(Toolstack.class),
                    ctx.getBean(DomainRegistry.class), ctx.getBean(Scheduler.class), ctx.getBean(ClockControl.class),
                    ctx.getBean(Host.class), kernel, ctx.getBean(SelfballoonFacade.class));
        } finally {
            ctx.close();
        }
    }

    static void measure(String mode, int domains, double hours, Toolstack service, DomainRegistry registry,
                        Scheduler scheduler, ClockControl control, Host host, KernelConfig kernel,
                        @Nullable SelfballoonFacade selfballoon) {
        long t0 = System.nanoTime();
        for (int i = 0; i < domains; i++) {
            service.create(Caller.DOM0, DomainSpec.pv("d" + i, 64 * 1024).withStaticMaxKiB(128 * 1024).withKernel(kernel));
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
                    service.setTarget(Caller.DOM0, domid, (48 + random.nextInt(81)) * 1024L);
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
        control.advanceSeconds(Caller.DOM0, BigDecimal.valueOf(hours * 3600));
        long runNanos = System.nanoTime() - t1;
        long steps = totalSteps(scheduler, guests) - stepsBefore;
        long selfballoonRuns = selfballoonRuns(selfballoon, guests) - selfballoonBefore;
        scheduler.locked(host::verifyConservation);
        scheduler.locked(() -> tasks.forEach(ScheduledTask::cancel));
        tasks.clear();
        // heap the domains hold: used heap with them, less used heap once they are destroyed
        long heapWithDomains = usedHeap();
        for (Domain d : guests) {
            service.destroy(Caller.DOM0, d.domid());
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

    static long selfballoonRuns(@Nullable SelfballoonFacade selfballoon, List<Domain> guests) {
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
