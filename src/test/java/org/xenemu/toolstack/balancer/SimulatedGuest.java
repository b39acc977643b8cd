package org.xenemu.toolstack.balancer;

/**
 * One guest of squeezed's simulator (st.ml {@code vm} and its subclasses): a domain record the
 * decider reads, and a balloon driver that moves {@code actual} on each simulator tick by a
 * kind-specific amount. Times are doubles and the arithmetic is st.ml's, so that the traces match
 * squeezed's test to the KiB: e.g. at 100 KiB/s the first steps move 10, 10, 9, 10, 9 KiB because
 * {@code 0.30000000000000004 − 0.2} is just under 0.1 s and {@code Int64.of_float} truncates.
 */
final class SimulatedGuest {
    /** How the driver answers a target: the delta of actual for {@code passedSeconds}. */
    interface Behaviour {
        long delta(SimulatedGuest guest, double passedSeconds);
    }

    final int domid;
    final boolean canBalloon;
    final long dynamicMinKiB;
    final long dynamicMaxKiB;
    final long inaccuracyKiB;
    long targetKiB;
    long actualKiB;
    long maxmemKiB;
    private final Behaviour behaviour;
    private double timeOfLastUpdate;
    /** Only the intermittently stuck guest reads it. */
    double lastUpdateSeconds() {
        return timeOfLastUpdate;
    }

    private SimulatedGuest(BalancedDomain d, Behaviour behaviour) {
        this.domid = d.domid();
        this.canBalloon = d.canBalloon();
        this.dynamicMinKiB = d.dynamicMinKiB();
        this.dynamicMaxKiB = d.dynamicMaxKiB();
        this.inaccuracyKiB = d.inaccuracyKiB();
        this.targetKiB = d.targetKiB();
        this.actualKiB = d.actualKiB();
        this.maxmemKiB = d.maxmemKiB();
        this.behaviour = behaviour;
    }

    /** squeezed's {@code domain_make domid can_balloon dyn_min target dyn_max actual maxmem inacc}, in its order. */
    static BalancedDomain domainMake(int domid, boolean canBalloon, long dynamicMin, long target, long dynamicMax,
                                     long actual, long maxmem, long inaccuracy) {
        return new BalancedDomain(domid, canBalloon, dynamicMin, dynamicMax, target, actual, maxmem, inaccuracy);
    }

    BalancedDomain domain() {
        return new BalancedDomain(domid, canBalloon, dynamicMinKiB, dynamicMaxKiB, targetKiB, actualKiB, maxmemKiB,
                inaccuracyKiB);
    }

    /** st.ml {@code compute_memory_actual_delta}: towards the target at {@code rate}, stopping {@code inaccuracy} short. */
    long idealDelta(long ratePerSecond, double passedSeconds) {
        long maxChange = (long) (passedSeconds * (double) ratePerSecond);
        long vector = actualKiB > targetKiB ? -1 : 1;
        long distance = (targetKiB - actualKiB) * vector;
        long reachable = Math.max(0, distance - inaccuracyKiB);
        return Math.min(reachable, maxChange) * vector;
    }

    /** st.ml {@code idealised_vm}. */
    static SimulatedGuest ideal(BalancedDomain d, long rate) {
        return new SimulatedGuest(d, (g, dt) -> g.idealDelta(rate, dt));
    }

    /** st.ml {@code idealised_vm_with_limit}: will not shrink below {@code floorKiB}, whatever the target. */
    static SimulatedGuest withHiddenFloor(BalancedDomain d, long rate, long floorKiB) {
        return new SimulatedGuest(d, (g, dt) -> {
            long delta = g.idealDelta(rate, dt);
            long proposed = g.actualKiB + delta;
            return proposed > g.actualKiB || proposed > floorKiB ? delta : floorKiB - g.actualKiB;
        });
    }

    /** st.ml {@code idealised_vm_with_upper_limit}: will not grow to {@code limitKiB} or above it. */
    static SimulatedGuest withHiddenCeiling(BalancedDomain d, long rate, long limitKiB) {
        return new SimulatedGuest(d, (g, dt) -> {
            long delta = g.idealDelta(rate, dt);
            long proposed = g.actualKiB + delta;
            return proposed < limitKiB ? delta : limitKiB - g.actualKiB;
        });
    }

    /** st.ml {@code stuck_vm}: the driver ignores every target. */
    static SimulatedGuest stuck(BalancedDomain d) {
        return new SimulatedGuest(d, (g, dt) -> 0);
    }

    /**
     * st.ml {@code intermittently_stuck_vm}: works in [0, P), stuck in [P, 2P), and so on; a tick
     * counts only if it starts and ends in a working window.
     */
    static SimulatedGuest intermittentlyStuck(BalancedDomain d, long rate, double periodSeconds) {
        return new SimulatedGuest(d, (g, dt) -> {
            double last = g.lastUpdateSeconds();
            boolean useful = notStuck(last, periodSeconds) && notStuck(last + dt, periodSeconds);
            return g.idealDelta(rate, useful ? dt : 0.0);
        });
    }

    private static boolean notStuck(double t, double period) {
        return ((int) (t / period)) % 2 == 0;
    }

    /**
     * st.ml {@code vm#update}: move, refusing (by throwing, as the simulator does) to take more
     * than the host has free; returns the delta so the host can account it.
     */
    long update(long hostFreeKiB, double nowSeconds) {
        double passed = nowSeconds - timeOfLastUpdate;
        long delta = behaviour.delta(this, passed);
        if (delta > hostFreeKiB) {
            throw new IllegalStateException("Attempted to allocate more than host_free_mem domid = " + domid
                    + "; delta = " + delta + "; free = " + hostFreeKiB);
        }
        actualKiB += delta;
        timeOfLastUpdate = nowSeconds;
        return delta;
    }
}
