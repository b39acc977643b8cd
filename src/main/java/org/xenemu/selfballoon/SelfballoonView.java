package org.xenemu.selfballoon;

import org.jspecify.annotations.Nullable;

/**
 * The JSON view of one domain's selfballoon driver: the nine tunables as their sysfs files show
 * them (signed 32-bit, the switches 0/1), the worker's state, the last decision and the
 * self-shrink counters.
 */
public record SelfballoonView(int domid,
                              int selfballooning, int selfballoonInterval, int selfballoonDownhysteresis,
                              int selfballoonUphysteresis, int selfballoonMinUsableMb, int selfballoonReservedMb,
                              int frontswapSelfshrinking, int frontswapHysteresis, int frontswapInertia,
                              Worker worker, @Nullable Decision lastDecision, Frontswap frontswap) {

    /** {@code nextRunJiffies} is null when the worker is not armed; {@code oopsed} after a divide error. */
    public record Worker(boolean pending, @Nullable Long nextRunJiffies, long runs, boolean oopsed) {
    }

    public record Decision(long curPages, long goalPages, long floorPages, long tgtPages, long newTargetPages) {
    }

    /** The self-shrink state: the last two counts seen, the countdown, the last target asked. */
    public record Frontswap(long lastPages, long curPages, long inertiaCounter, long targetPages) {
    }

    static SelfballoonView of(Selfballooner d) {
        SelfballoonTunables t = d.tunables();
        FrontswapSelfshrink s = d.selfshrink();
        Decision decision = d.lastDecision()
                .map(x -> new Decision(x.curPages(), x.goalPages(), x.floorPages(), x.tgtPages(), x.newTargetPages()))
                .orElse(null);
        Long next = d.nextRunJiffy().isPresent() ? d.nextRunJiffy().getAsLong() : null;
        return new SelfballoonView(d.domid(),
                t.raw(Tunable.SELFBALLOONING), t.raw(Tunable.SELFBALLOON_INTERVAL),
                t.raw(Tunable.SELFBALLOON_DOWNHYSTERESIS), t.raw(Tunable.SELFBALLOON_UPHYSTERESIS),
                t.raw(Tunable.SELFBALLOON_MIN_USABLE_MB), t.raw(Tunable.SELFBALLOON_RESERVED_MB),
                t.raw(Tunable.FRONTSWAP_SELFSHRINKING), t.raw(Tunable.FRONTSWAP_HYSTERESIS),
                t.raw(Tunable.FRONTSWAP_INERTIA),
                new Worker(d.workerPending(), next, d.runs(), d.oopsed()),
                decision,
                new Frontswap(s.lastFrontswapPages(), s.curFrontswapPages(), s.inertiaCounter(), s.tgtFrontswapPages()));
    }
}
