package org.xenemu.toolstack.balancer;

import java.util.ArrayList;
import java.util.List;

/**
 * squeezed's test host (st.ml {@code simulate}) behind the decider's port: a clock of 0.1 s ticks
 * ({@code now = i / 10.0}), guests updated in the scenario's list order on each tick with the host's
 * free memory changing in between, and st.ml's guards: a target set above maxmem, or a maxmem set
 * below the target, is an error (so the writer's order rules are checked on every write).
 */
class SqueezeSimulator implements BalancerHost {
    static final long TICK_NANOS = 100_000_000L;

    final List<SimulatedGuest> guests;
    long freeKiB;
    int tick;
    final List<String> writes = new ArrayList<>();

    SqueezeSimulator(long freeKiB, SimulatedGuest... guests) {
        this.freeKiB = freeKiB;
        this.guests = List.of(guests);
    }

    double nowSeconds() {
        return tick / 10.0;
    }

    long nowNanos() {
        return tick * TICK_NANOS;
    }

    SimulatedGuest guest(int domid) {
        return guests.stream().filter(g -> g.domid == domid).findFirst().orElseThrow();
    }

    @Override
    public HostSnapshot snapshot() {
        return new HostSnapshot(freeKiB, guests.stream().map(SimulatedGuest::domain).toList());
    }

    @Override
    public void setMaxmemKiB(int domid, long maxmemKiB) {
        SimulatedGuest g = guest(domid);
        if (g.targetKiB > maxmemKiB) {
            throw new IllegalStateException("mem_max set below target domid " + domid + "; max_mem = " + maxmemKiB
                    + "; target = " + g.targetKiB);
        }
        g.maxmemKiB = maxmemKiB;
        writes.add("t=" + nowSeconds() + " maxmem " + domid + " " + maxmemKiB);
    }

    @Override
    public void setTargetKiB(int domid, long targetKiB) {
        SimulatedGuest g = guest(domid);
        if (targetKiB > g.maxmemKiB) {
            throw new IllegalStateException("Target set above max_mem domid " + domid + "; max_mem = " + g.maxmemKiB
                    + "; target = " + targetKiB);
        }
        g.targetKiB = targetKiB;
        writes.add("t=" + nowSeconds() + " target " + domid + " " + targetKiB);
    }

    /** st.ml {@code wait}: one tick, then every guest moves in list order. */
    void advance() {
        tick++;
        double t = nowSeconds();
        for (SimulatedGuest g : guests) {
            freeKiB -= g.update(freeKiB, t);
        }
    }

    /**
     * st.ml {@code verify_memory_is_guaranteed_free}: even if every guest went to target +
     * inaccuracy, {@code kib} would stay free.
     */
    boolean guaranteesFree(long kib) {
        long total = 0;
        for (SimulatedGuest g : guests) {
            total += g.targetKiB + g.inaccuracyKiB - g.actualKiB;
        }
        return freeKiB - total >= kib;
    }
}
