package org.xenemu.scenarios;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.xenemu.scenarios.document.Action;
import org.xenemu.scenarios.document.DomainPlan;
import org.xenemu.scenarios.document.Scenario;
import org.xenemu.scenarios.document.Variant;
import org.xenemu.scenarios.series.DomainSample;
import org.xenemu.scenarios.series.HostSample;
import org.xenemu.scenarios.series.SeriesRecorder;
import org.xenemu.scenarios.series.VariantSeries;
import org.xenemu.scenarios.workload.DomainWorkload;

/**
 * A stand-in for the real runner (which needs the private host of the toolstack refactor): no
 * emulator, just arithmetic that looks enough like one to exercise every output. Each domain owns
 * its target at once; the guest holds its workload plus a fixed kernel overhead; what does not fit
 * goes to swap (counted out as it grows), what swap cannot hold is OOM-killed (counted once per
 * sample where it happens). Actions: mem-set moves the target, pressure takes host memory, create
 * and destroy add and remove domains (domids counting up from 1), the balancer action sets γ to
 * 0.5. Deterministic, like the real one must be.
 */
public final class FakeRunner implements ScenarioRunner {
    static final long KERNEL_KIB = 16_384;

    @Override
    public VariantSeries run(Variant variant, ProgressListener progress, Cancellation cancellation) {
        Scenario s = variant.scenario();
        SeriesRecorder recorder = new SeriesRecorder(variant);
        Map<String, Guest> guests = new LinkedHashMap<>();
        int[] nextDomid = {1};
        for (DomainPlan d : s.domains()) {
            guests.put(d.name(), new Guest(nextDomid[0]++, d, s.seed()));
        }
        long pressure = 0;
        OptionalDouble gamma = OptionalDouble.empty();
        int nextAction = 0;
        List<Action> actions = s.actions();
        for (int i = 0; i < s.sampleCount(); i++) {
            cancellation.verifyNotCancelled();
            long t = s.sampleTimeNanos(i);
            while (nextAction < actions.size() && actions.get(nextAction).atNanos() <= t) {
                Action a = actions.get(nextAction++);
                if (a instanceof Action.MemSet m) {
                    guests.get(m.domain()).target = m.kib();
                } else if (a instanceof Action.Pressure p) {
                    pressure = p.kib();
                } else if (a instanceof Action.Create c) {
                    for (DomainPlan d : c.domains()) {
                        guests.put(d.name(), new Guest(nextDomid[0]++, d, s.seed()));
                    }
                } else if (a instanceof Action.Destroy d) {
                    guests.remove(d.domain());
                } else if (a instanceof Action.SetBalancer) {
                    gamma = OptionalDouble.of(0.5);
                }
            }
            long domainsKiB = 0;
            List<DomainSample> rows = new ArrayList<>();
            for (Guest g : guests.values()) {
                rows.add(g.sample(t));
                domainsKiB += g.target;
            }
            long total = s.host().memoryKiB();
            long free = Math.max(0, total - s.host().xenKiB() - s.host().dom0KiB() - domainsKiB - pressure);
            recorder.beginSample(t);
            recorder.host(new HostSample(total, s.host().xenKiB(), s.host().dom0KiB(), domainsKiB, 0, pressure, 0, free,
                    gamma, 0));
            rows.forEach(recorder::domain);
            recorder.endSample();
            progress.advanced(t);
        }
        return recorder.finish();
    }

    private static final class Guest {
        final int domid;
        final DomainPlan plan;
        final DomainWorkload workload;
        final long swapTotal;
        long target;
        long swapOut;
        long lastSwap;
        long oomKills;

        Guest(int domid, DomainPlan plan, long seed) {
            this.domid = domid;
            this.plan = plan;
            this.workload = plan.startWorkload(seed);
            this.swapTotal = plan.settings().kernel().swapKiB().orElse(0);
            this.target = plan.settings().memoryKiB();
        }

        DomainSample sample(long t) {
            long demand = workload.kibAt(t);
            long room = Math.max(0, target - KERNEL_KIB);
            long overflow = Math.max(0, demand - room);
            long swapped = Math.min(overflow, swapTotal);
            if (overflow > swapTotal) {
                oomKills++;
            }
            swapOut += Math.max(0, swapped - lastSwap);
            lastSwap = swapped;
            long resident = Math.min(demand, room);
            return new DomainSample(domid, plan.name(), target, target, demand + KERNEL_KIB,
                    Math.max(0, room - resident), swapped, 0, swapOut, 0, oomKills, 0, 0, demand,
                    plan.settings().effectiveStaticMaxKiB());
        }
    }
}
