package org.xenemu.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A guest's selfballoon driver ({@code GET /domains/{domid}/selfballoon}; docs/memory.md
 * "Selfballoon"): the nine tunables as their sysfs files show them, the worker, the last decision
 * and the frontswap self-shrink counters.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SelfballoonView(int domid, int selfballooning, int selfballoonInterval, int selfballoonDownhysteresis,
                              int selfballoonUphysteresis, int selfballoonMinUsableMb, int selfballoonReservedMb,
                              int frontswapSelfshrinking, int frontswapHysteresis, int frontswapInertia,
                              Worker worker, Optional<Decision> lastDecision, Frontswap frontswap) {
    public SelfballoonView {
        lastDecision = lastDecision == null ? Optional.empty() : lastDecision;
    }

    /**
     * The worker.
     *
     * @param pending        armed
     * @param nextRunJiffies when it runs next, if armed
     * @param runs           runs so far
     * @param oopsed         stopped after a divide error
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Worker(boolean pending, OptionalLong nextRunJiffies, long runs, boolean oopsed) {
        public Worker {
            nextRunJiffies = nextRunJiffies == null ? OptionalLong.empty() : nextRunJiffies;
        }
    }

    /** The last decision, in pages. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Decision(long curPages, long goalPages, long floorPages, long tgtPages, long newTargetPages) {
    }

    /** Frontswap self-shrink: the last two counts, the countdown, the last target, in pages. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Frontswap(long lastPages, long curPages, long inertiaCounter, long targetPages) {
    }
}
