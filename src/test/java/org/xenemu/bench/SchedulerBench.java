package org.xenemu.bench;

import org.xenemu.clock.ClockMode;
import org.xenemu.clock.ScheduledTask;
import org.xenemu.clock.Scheduler;
import org.xenemu.clock.VirtualClock;
import org.xenemu.clock.WallClock;

/**
 * 10,000 periodic tasks (period 5 s of virtual time, phases spread over the period) advanced
 * through 24 virtual hours in manual mode. Prints wall time and task runs per second, and the same
 * per CPU second of the advancing thread (what a machine shared with other builds disturbs least).
 * Run: ./mvnw -q -Pbench test-compile exec:java -Dbench=org.xenemu.bench.SchedulerBench
 */
public final class SchedulerBench {
    public static void main(String[] args) {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        long hours = args.length > 1 ? Long.parseLong(args[1]) : 24;
        for (int round = 1; round <= 3; round++) {
            run(tasks, hours, round);
        }
    }

    private static void run(int tasks, long hours, int round) {
        VirtualClock clock = new VirtualClock(250, ClockMode.MANUAL, 1.0, WallClock.SYSTEM);
        Scheduler scheduler = new Scheduler(clock);
        long period = clock.secondsToJiffies(5);
        long[] counter = new long[1];
        for (int i = 0; i < tasks; i++) {
            ScheduledTask[] self = new ScheduledTask[1];
            self[0] = scheduler.newTask("periodic", () -> {
                counter[0]++;
                self[0].reschedule(period);
            });
            self[0].reschedule(1 + (i % period));
        }
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        scheduler.advance(clock.secondsToJiffies(hours * 3600));
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("round %d: %d tasks x %d virtual hours: %,d task runs in %.2f s wall = %,.0f runs/s;"
                        + " %.2f s CPU of this thread = %,.0f runs per CPU second%n",
                round, tasks, hours, counter[0], seconds, counter[0] / seconds, cpu, counter[0] / cpu);
    }
}
