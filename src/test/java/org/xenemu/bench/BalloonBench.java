package org.xenemu.bench;

import java.math.BigDecimal;
import java.util.Random;
import org.xenemu.caller.TokenRegistry;
import org.xenemu.clock.ClockControl;
import org.xenemu.clock.ClockMode;
import org.xenemu.clock.ScheduledTask;
import org.xenemu.clock.Scheduler;
import org.xenemu.clock.VirtualClock;
import org.xenemu.events.EventBus;
import org.xenemu.host.AllocationPolicy;
import org.xenemu.host.Domain;
import org.xenemu.host.DomainRegistry;
import org.xenemu.host.DomainService;
import org.xenemu.host.DomainSpec;
import org.xenemu.host.Host;
import org.xenemu.xenstore.XenstoreEngine;
import org.xenemu.xenstore.store.Quotas;

/**
 * N domains on a manual clock, each given a new target (xl mem-set through xenstore, picked at
 * random between 48 and 128 MiB) every virtual minute for H virtual hours. Prints wall time,
 * balloon steps per second and heap per domain.
 *
 * <pre>./mvnw -q -Pbench test-compile exec:java -Dbench=org.xenemu.bench.BalloonBench -Dexec.args="1000 24"</pre>
 */
public final class BalloonBench {
    public static void main(String[] args) {
        int[] sizes = args.length > 0 ? new int[] {Integer.parseInt(args[0])} : new int[] {100, 1000, 10000};
        double hours = args.length > 1 ? Double.parseDouble(args[1]) : 24;
        for (int n : sizes) {
            run(n, hours);
        }
    }

    static void run(int domains, double hours) {
        VirtualClock clock = new VirtualClock(250, ClockMode.MANUAL, 1.0, () -> 0L);
        Scheduler scheduler = new Scheduler(clock);
        EventBus events = new EventBus(clock, 10_000);
        ClockControl control = new ClockControl(scheduler, events);
        long hostPages = (long) domains * 32768 + 1_000_000;
        Host host = Host.uniform(hostPages, 2, 32768, AllocationPolicy.NEAREST);
        DomainRegistry registry = new DomainRegistry();
        DomainService service = new DomainService(host, registry, new XenstoreEngine(Quotas.DEFAULTS), scheduler, events,
                new TokenRegistry(), new DomainService.Settings(false, 0), java.util.List::of);
        service.bootDom0(1024 * 1024);

        long t0 = System.nanoTime();
        for (int i = 0; i < domains; i++) {
            service.create(DomainSpec.pv("d" + i, 64 * 1024).withStaticMaxKiB(128 * 1024));
        }
        long createNanos = System.nanoTime() - t0;

        Random random = new Random(42);
        long minute = clock.secondsToJiffies(60);
        java.util.List<ScheduledTask> tasks = new java.util.ArrayList<>();
        for (Domain d : registry.all()) {
            if (d.isDom0()) {
                continue;
            }
            int domid = d.domid();
            ScheduledTask[] task = new ScheduledTask[1];
            task[0] = scheduler.newTask("bench-" + domid, () -> {
                service.setTarget(domid, (48 + random.nextInt(81)) * 1024L);
                task[0].reschedule(minute);
            });
            task[0].reschedule(random.nextInt((int) minute));
            tasks.add(task[0]);
        }
        long stepsBefore = totalSteps(registry);
        long runsBefore = scheduler.taskRuns();
        long t1 = System.nanoTime();
        control.advanceSeconds(BigDecimal.valueOf(hours * 3600));
        long runNanos = System.nanoTime() - t1;
        long steps = totalSteps(registry) - stepsBefore;
        host.verifyConservation();
        // heap held by the domains: used heap with them minus used heap after destroying them
        scheduler.locked(() -> tasks.forEach(ScheduledTask::cancel));
        tasks.clear();
        long heapWith = usedHeap();
        for (Domain d : registry.all()) {
            if (!d.isDom0()) {
                service.destroy(d.domid());
            }
        }
        long heapWithout = usedHeap();
        long heapAfter = heapWith;
        long heapBefore = heapWithout;
        System.out.printf("domains=%d virtual-hours=%.1f create=%.2fs heap/domain=%.1fKiB wall=%.2fs "
                        + "targets=%d balloon-steps=%d steps/s=%.0f tasks=%d wall-per-virtual-hour=%.3fs%n",
                domains, hours, createNanos / 1e9, (heapAfter - heapBefore) / 1024.0 / domains, runNanos / 1e9,
                (long) (domains * hours * 60), steps, steps / (runNanos / 1e9), scheduler.taskRuns() - runsBefore,
                runNanos / 1e9 / hours);
    }

    static long totalSteps(DomainRegistry registry) {
        return registry.all().stream().mapToLong(d -> d.balloon().steps()).sum();
    }

    static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
