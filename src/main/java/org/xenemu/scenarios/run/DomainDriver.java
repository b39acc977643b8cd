package org.xenemu.scenarios.run;

import org.xenemu.caller.Caller;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.guest.GuestFacade;
import org.xenemu.guest.workload.MappingKind;
import org.xenemu.guest.workload.WorkloadViews.MmapRequest;
import org.xenemu.guest.workload.WorkloadViews.TouchReport;
import org.xenemu.scenarios.document.DomainPlan;
import org.xenemu.scenarios.workload.Seeds;
import org.xenemu.scenarios.workload.WorkloadCurve;
import org.xenemu.scenarios.workload.WorkloadSpec;

/**
 * One domain's workload, acted out inside its guest through the guest door as root in the guest:
 * one process, {@code scenario} (pid chosen by the guest), holding one private writable anonymous
 * mapping per entry of the domain's {@code workload} list. At each change point of an entry's curve
 * its mapping is resized to the curve's value (mmap when it has none, mremap, munmap at 0) and
 * touched whole, so overcommit admission, page-cache reclaim, swap, frontswap and the OOM killer
 * act as they would on a real guest. A mapping per entry, rather than one for the sum, lets the
 * guest tell entries apart by age: a constant entry touched once at boot is what reclaim swaps out
 * first when a spike arrives (the kernel never reclaims the mapping being touched to make room for
 * itself, so one mapping for everything could never swap).
 *
 * <p>What the process sees is counted here, as a process would count it: pages swapped out to
 * make room for its touches (to frontswap and to the device), OOM kills, and refused requests
 * (mmap or mremap answered ENOMEM by the overcommit policy). A refused resize keeps the old size
 * and is tried again at the next change point. When the OOM killer kills the process, it is
 * started again, as a service manager would, at the domain's next change point, with every entry
 * mapped and touched anew at its current value. Used by one runner thread only.
 */
final class DomainDriver {
    private static final String PROCESS = "scenario";
    private static final long NONE = -1;

    final DomainPlan plan;
    final int domid;
    /** Creation order: ties between domains changing at the same time go in this order. */
    final int order;
    private final GuestFacade guests;
    private final WorkloadCurve[] curves;
    private final long[] valueKiB;
    private final long[] nextChange;
    private final long[] mapping;
    /** The entry's last resize was refused: try again at its next change point even if the value is the same. */
    private final boolean[] shortOf;
    private int pid = -1;
    private long nextChangeNanos = WorkloadCurve.NEVER;
    boolean destroyed;
    long swapOutKiB;
    long frontswapPutKiB;
    long oomKills;
    long refused;
    /** Failed reservations the balancer blamed on this domain. */
    long balancerFailures;

    DomainDriver(DomainPlan plan, int domid, int order, long seed, GuestFacade guests) {
        this.plan = plan;
        this.domid = domid;
        this.order = order;
        this.guests = guests;
        int n = plan.workload().size();
        this.curves = new WorkloadCurve[n];
        for (int i = 0; i < n; i++) {
            WorkloadSpec spec = plan.workload().get(i);
            curves[i] = spec.start(Seeds.derive(seed, plan.name(), i));
        }
        this.valueKiB = new long[n];
        this.nextChange = new long[n];
        this.mapping = new long[n];
        java.util.Arrays.fill(mapping, NONE);
        this.shortOf = new boolean[n];
    }

    /** The domain exists: reads every curve at {@code t} and maps and touches what is above 0. */
    void start(long t) {
        for (int i = 0; i < curves.length; i++) {
            valueKiB[i] = curves[i].kibAt(t);
            nextChange[i] = curves[i].nextChangeAfter(t);
        }
        if (curves.length > 0) {
            restart();
        }
        updateNext();
    }

    /** The earliest change point of any entry, or {@link WorkloadCurve#NEVER}. */
    long nextChangeNanos() {
        return nextChangeNanos;
    }

    /** What the workload asks the guest to hold now: the entries' sum, saturating. */
    long workloadKiB() {
        long sum = 0;
        for (long v : valueKiB) {
            sum = sum > Long.MAX_VALUE - v ? Long.MAX_VALUE : sum + v;
        }
        return sum;
    }

    /** Acts out every entry whose change point is {@code t} (the runner calls at each one, in time order). */
    void change(long t) {
        boolean restart = pid < 0;
        for (int i = 0; i < curves.length; i++) {
            if (nextChange[i] > t) {
                continue;
            }
            long v = curves[i].kibAt(t);
            nextChange[i] = curves[i].nextChangeAfter(t);
            if (v == valueKiB[i] && !restart && !shortOf[i]) {
                continue;
            }
            valueKiB[i] = v;
            if (!restart && pid >= 0) {
                apply(i);
            }
        }
        if (restart) {
            restart();
        }
        updateNext();
    }

    private void updateNext() {
        long next = WorkloadCurve.NEVER;
        for (long c : nextChange) {
            next = Math.min(next, c);
        }
        nextChangeNanos = next;
    }

    /** A (new) process with every entry mapped and touched at its current value. */
    private void restart() {
        pid = guests.createProcess(Caller.DOM0, domid, PROCESS);
        java.util.Arrays.fill(mapping, NONE);
        for (int i = 0; i < curves.length && pid >= 0; i++) {
            apply(i);
        }
    }

    private void apply(int i) {
        long v = valueKiB[i];
        shortOf[i] = false;
        if (v == 0) {
            if (mapping[i] != NONE) {
                guests.munmap(Caller.DOM0, domid, pid, mapping[i]);
                mapping[i] = NONE;
            }
            return;
        }
        try {
            if (mapping[i] == NONE) {
                mapping[i] = guests.mmap(Caller.DOM0, domid, pid,
                        new MmapRequest(MappingKind.ANONYMOUS, false, true, v, false, false)).id();
            } else {
                guests.changeMapping(Caller.DOM0, domid, pid, mapping[i], null, v);
            }
        } catch (XenException e) {
            if (e.errno() != Errno.ENOMEM) {
                throw e;
            }
            refused++;
            shortOf[i] = true;
            if (mapping[i] == NONE) {
                return;
            }
        }
        TouchReport r = guests.touch(Caller.DOM0, domid, pid, mapping[i], Math.min(v, MAX_TOUCH_KIB));
        swapOutKiB += r.swappedOutFrontswapKiB() + r.swappedOutDeviceKiB();
        frontswapPutKiB += r.swappedOutFrontswapKiB();
        oomKills += r.oomKills().size();
        if (r.processKilled()) {
            pid = -1;
            java.util.Arrays.fill(mapping, NONE);
        }
    }

    /** The most one touch may name (the guest's address space, 2^47 bytes). */
    private static final long MAX_TOUCH_KIB = (1L << 47) / 1024;
}
