package org.xenemu.toolstack.balancer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.xenemu.error.XenException;

/**
 * One squeezed call as a non-blocking state machine: sq.ml {@code change_host_free_memory}'s
 * loop, which squeezed runs blocking with a 1 s sleep ({@code io.wait 1.}), cut at the sleep.
 * Created for one call ({@link #freeMemory}, {@link #freeMemoryRange}, {@link #balance}), then
 * {@link #step} once per loop interval until it answers {@link RunStatus.Succeeded} or
 * {@link RunStatus.Failed}:
 * <pre>
 *   SqueezeRun run = SqueezeRun.freeMemory(host, SqueezeOptions.defaults(), 262144);
 *   RunStatus s = run.step(clock.nanos());      // Running(next): step again at next, on the clock
 * </pre>
 * Each step is one iteration: a fresh {@link BalancerHost#snapshot()}, {@link Squeezer}'s verdict,
 * then the maxmem pass over every domain (ascending domid): a domain declared inactive in this
 * iteration gets target and maxmem {@link BalancedDomain#inactiveClipKiB()} (CA-41832; squeezed's
 * maxmem hook <em>is</em> {@code execute_action}, so the target moves too), any other domain its
 * new target if it has one, else its current target, all through {@link TargetWriter}. The first
 * step also prices a range and takes the fast path: when {@code required ≠ host free target},
 * {@code required ≤ free} and every balloon-capable domain has hit its target, it succeeds at once.
 * There is no time limit, as in squeezed: a guest that moves a little every ≤ 5 s keeps a run
 * alive (xenopsd, the client, retries for 60 s; the integration owns any deadline). Stuckness is
 * forgotten between runs. Runs must not overlap: squeezed holds one mutex over every call.
 *
 * <p>Worked examples: squeezed's own scenarios (st.ml), run with its test clock (one iteration
 * every 0.1 s, H = required, tolerance 0) and pinned by {@code SqueezedScenariosTest}; in
 * production an iteration comes every second, so a guest is declared stuck after about six.
 * Domains as (dyn_min..dyn_max, actual), inaccuracy 4 KiB unless said.
 * <pre>
 *  a  free 0, H 1000; d0 (1000..2000, 1500) with a hidden floor at 1250, 100 KiB/s;
 *     d1 (2500..4500, 3500), 500 KiB/s but stuck 0.25 s of every 0.5 s
 *   t=0.0  maxFree = 0 + 492 + 992 = 1484, surplus 484, γ = 484/3000 = 0.1613
 *          → d0 1161, d1 2822; both lie below actual: freeing phase, both issued
 *   t=2.7  d0 stops at its floor 1250 (last progress); d1 hits 2822 (at 2826) by t=3.2
 *   t=7.8  7.8 − 2.7 &gt; 5 s: d0 declared inactive, target = maxmem = clamp(min(1161, 1250),
 *          1000, 2000) = 1161; γ over {d1} alone: (924 + 318 − 1000)/2000 = 0.1210 → d1 2742
 *   t=8.2  d1 at 2746, nothing more to change, free 1004 ≥ 1000 → Succeeded
 *  c  free 0, H 1500, inaccuracy 0; d0 (1000..2000, 1500), d1 (2000..3000, 2500), both ideal
 *   t=0.0  maxFree = 1000 &lt; 1500: surplus 0, γ = 0 → both to dynamic-min
 *   t=5.3  both there, nobody stuck, free 1000 &lt; 1500 → CannotFree(1500, 1000)
 *  d  as c but H 1000 and d1 has a hidden floor at 2250
 *   t=7.8  d1 declared inactive (clip 2000), d0 at its minimum, free 750 → DomainsRefused [1]
 *  e  free 0, H 1000, inaccuracy 0; d0 (5000..7000, 7000) stuck; d1 (5000..11000, 6000) ideal
 *   t=0.0  γ = 2000/8000 = 0.25 → d0 5500 (frees), d1 6500 (allocates): only d0's is issued
 *   t=5.1  d0 declared inactive, clipped to 5500; γ over {d1}: surplus 0 → d1 5000, now freeing
 *   t=15.9 d1 at 5000, free 1000 → Succeeded. d1 was never asked to allocate, so never blamed;
 *          with both phases at once (scenario f) d1 would grow into memory that is not free.
 *  g  as a without inaccuracy compensation: γ counts 8 KiB per guest that drivers stopping 4 KiB
 *     short never give back; free ends at 996 &lt; 1000 with the floored guest stuck. It is domid 0:
 *     Failed [0] → CannotFree(1000, 996) (CA-75568); as domid 1 it would be DomainsRefused [1]
 * </pre>
 */
public final class SqueezeRun {
    /** Which squeezed entry point this run is. */
    public enum Call { FREE_MEMORY, FREE_MEMORY_RANGE, BALANCE, CHANGE_HOST_FREE_MEMORY }

    private final BalancerHost host;
    private final SqueezeOptions options;
    private final Call call;
    private final Squeezer squeezer;
    private final long requestedKiB;
    private final long rangeMaxKiB;
    private final FreeGoal goal;
    private long requiredKiB;
    private boolean started;
    private long lastStepNanos = Long.MIN_VALUE;
    private RunStatus status = new RunStatus.Running(0);
    private @Nullable Iteration lastIteration;
    private int iterations;

    private SqueezeRun(BalancerHost host, SqueezeOptions options, Call call, long requiredKiB, FreeGoal goal,
                       long requestedKiB, long rangeMaxKiB) {
        this.host = host;
        this.options = options;
        this.call = call;
        this.squeezer = new Squeezer(options.fistPoints());
        this.requiredKiB = requiredKiB;
        this.goal = goal;
        this.requestedKiB = requestedKiB;
        this.rangeMaxKiB = rangeMaxKiB;
    }

    /**
     * sx.ml {@code free_memory kib}: free {@code kib} on top of the host free target, succeed when
     * {@code free ≥ kib + target}. A negative amount is EINVAL (ms.ml {@code Invalid_memory_value}).
     */
    public static SqueezeRun freeMemory(BalancerHost host, SqueezeOptions options, long kib) {
        verifyAmount(kib);
        long required = kib + options.hostFreeTargetKiB();
        return new SqueezeRun(host, options, Call.FREE_MEMORY, required, new FreeGoal.AtLeast(required), kib, kib);
    }

    /**
     * sq.ml {@code free_memory_range min max}: at the first step the range is priced as a virtual
     * domain ({@link Proportional#priceRange}) giving the ideal amount T; the run squeezes towards
     * {@code T + target} but accepts {@code free ≥ min + target}, and grants
     * {@code max(min, min(free − target, max))}. Negative amounts are EINVAL; squeezed does not
     * refuse {@code min > max} and neither does this (the grant is then min).
     */
    public static SqueezeRun freeMemoryRange(BalancerHost host, SqueezeOptions options, long minKiB, long maxKiB) {
        verifyAmount(minKiB);
        verifyAmount(maxKiB);
        return new SqueezeRun(host, options, Call.FREE_MEMORY_RANGE, 0,
                new FreeGoal.AtLeast(minKiB + options.hostFreeTargetKiB()), minKiB, maxKiB);
    }

    /**
     * sq.ml {@code balance_memory}: squeeze towards the host free target, succeed when
     * {@link HostBalance#isBalanced}. The fast path never applies (required equals the target).
     */
    public static SqueezeRun balance(BalancerHost host, SqueezeOptions options) {
        return new SqueezeRun(host, options, Call.BALANCE, options.hostFreeTargetKiB(), options.balancedGoal(), 0, 0);
    }

    /**
     * sq.ml {@code change_host_free_memory required ok} itself: {@code required} is the policy's
     * {@code H}. squeezed's test harness calls it directly; so do the scenario tests.
     */
    public static SqueezeRun changeHostFreeMemory(BalancerHost host, SqueezeOptions options, long requiredKiB,
                                                  FreeGoal goal) {
        return new SqueezeRun(host, options, Call.CHANGE_HOST_FREE_MEMORY, requiredKiB, goal, requiredKiB, requiredKiB);
    }

    private static void verifyAmount(long kib) {
        if (kib < 0) {
            throw XenException.invalid("memory amount must be >= 0 KiB: " + kib);
        }
    }

    /**
     * Advances the run by one loop iteration at virtual time {@code nowNanos}: the first step also
     * prices a range and tries the fast path. After the end, returns the final status unchanged.
     */
    public RunStatus step(long nowNanos) {
        if (isFinished()) {
            return status;
        }
        if (nowNanos < lastStepNanos) {
            throw new IllegalArgumentException("time ran backwards: " + nowNanos + " < " + lastStepNanos);
        }
        lastStepNanos = nowNanos;
        if (!started) {
            started = true;
            if (call == Call.FREE_MEMORY_RANGE) {
                long ideal = Proportional.priceRange(host.snapshot(), requestedKiB, rangeMaxKiB,
                        options.hostFreeTargetKiB());
                requiredKiB = ideal + options.hostFreeTargetKiB();
            }
            HostSnapshot first = host.snapshot();
            if (requiredKiB != options.hostFreeTargetKiB() && requiredKiB <= first.freeKiB()
                    && first.everyBalloonableDomainHitItsTarget()) {
                return status = succeeded(first.freeKiB());
            }
        }
        return status = iterate(nowNanos);
    }

    private RunStatus iterate(long nowNanos) {
        HostSnapshot snapshot = host.snapshot();
        Iteration it = squeezer.oneIteration(snapshot, requiredKiB, goal, nowNanos);
        lastIteration = it;
        iterations++;
        Map<Integer, Long> newTargets = new HashMap<>();
        it.actions().forEach(a -> newTargets.put(a.domid(), a.newTargetKiB()));
        for (BalancedDomain d : snapshot.domains()) {
            long kib = it.declaredInactive().contains(d.domid()) ? d.inactiveClipKiB()
                    : newTargets.getOrDefault(d.domid(), d.targetKiB());
            TargetWriter.execute(host, d, kib);
        }
        return switch (it.verdict()) {
            case SUCCESS -> succeeded(snapshot.freeKiB());
            case FAILED -> failed(it.blamed(), snapshot.freeKiB());
            case ADJUST -> new RunStatus.Running(nowNanos + options.loopIntervalNanos());
        };
    }

    private RunStatus succeeded(long freeKiB) {
        OptionalLong granted = switch (call) {
            case FREE_MEMORY -> OptionalLong.of(requestedKiB);
            case FREE_MEMORY_RANGE -> {
                long usable = host.snapshot().freeKiB() - options.hostFreeTargetKiB();
                yield OptionalLong.of(Math.max(requestedKiB, Math.min(usable, rangeMaxKiB)));
            }
            case BALANCE, CHANGE_HOST_FREE_MEMORY -> OptionalLong.empty();
        };
        return new RunStatus.Succeeded(freeKiB, granted);
    }

    /**
     * sq.ml's mapping of {@code Failed}: nobody to blame, or only domain 0 (CA-75568: dom0 changed
     * its own allocation), is "cannot free"; otherwise "domains refused". In xenemu dom0 is domid 0
     * and is in the snapshot only when the integration manages it (squeezed's
     * {@code manage-domain-zero}, off by default), so the rule is kept exactly as squeezed has it.
     */
    private RunStatus failed(List<Integer> blamed, long freeKiB) {
        if (blamed.isEmpty() || blamed.equals(List.of(0))) {
            return new RunStatus.CannotFree(requiredKiB, freeKiB);
        }
        return new RunStatus.DomainsRefused(blamed);
    }

    public Call call() {
        return call;
    }

    public RunStatus status() {
        return status;
    }

    public boolean isFinished() {
        return !(status instanceof RunStatus.Running);
    }

    /** The {@code H} the policy works against: for a range, known after the first step. */
    public long requiredKiB() {
        return requiredKiB;
    }

    public FreeGoal goal() {
        return goal;
    }

    /** What the latest iteration decided (γ, phase, declarations, new targets); empty before one ran. */
    public Optional<Iteration> lastIteration() {
        return Optional.ofNullable(lastIteration);
    }

    /** Iterations run so far (the fast path runs none). */
    public int iterations() {
        return iterations;
    }

    // ---- snapshots ----

    /** The run in progress as a snapshot keeps it (only while it runs: a finished run is not kept). */
    BalancerState.Run capture() {
        long next = status instanceof RunStatus.Running r ? r.nextStepAtNanos() : 0;
        return new BalancerState.Run(call, requestedKiB, rangeMaxKiB, requiredKiB, started, lastStepNanos, next,
                lastIteration, iterations, squeezer.nonActive(), squeezer.stuckness().capture());
    }

    /** A run in progress rebuilt from a snapshot, on {@code host} with the balancer's {@code options}. */
    static SqueezeRun restored(BalancerHost host, SqueezeOptions options, BalancerState.Run saved) {
        FreeGoal goal = switch (saved.call()) {
            case FREE_MEMORY, FREE_MEMORY_RANGE -> new FreeGoal.AtLeast(saved.requestedKiB() + options.hostFreeTargetKiB());
            case BALANCE -> options.balancedGoal();
            case CHANGE_HOST_FREE_MEMORY -> throw XenException.invalid("balancer: a change-host-free-memory call is "
                    + "squeezed's test harness's, never a running host's");
        };
        SqueezeRun r = new SqueezeRun(host, options, saved.call(), saved.requiredKiB(), goal, saved.requestedKiB(),
                saved.rangeMaxKiB());
        r.started = saved.started();
        r.lastStepNanos = saved.lastStepNanos();
        r.status = new RunStatus.Running(saved.nextStepAtNanos());
        r.lastIteration = saved.lastIteration();
        r.iterations = saved.iterations();
        r.squeezer.restoreNonActive(saved.nonActive());
        r.squeezer.stuckness().restore(saved.stuckness());
        return r;
    }
}
