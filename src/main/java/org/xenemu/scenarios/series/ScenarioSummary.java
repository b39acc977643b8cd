package org.xenemu.scenarios.series;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.xenemu.scenarios.document.Variant;

/**
 * What a run amounts to, per variant: the fleet, the host, each domain — computed by
 * {@link Summaries} from exactly the rows {@code series.csv} holds, so anyone can recompute it from
 * the CSV (the formulas are in {@link Summaries}; docs/scenarios.md "What comes out").
 */
public record ScenarioSummary(String scenario, List<VariantSummary> variants) {
    public ScenarioSummary {
        variants = List.copyOf(variants);
    }

    /** One variant's figures; {@code sweep} is the values the sweep gave it (empty without one). */
    public record VariantSummary(int index, String name, List<Variant.SweepValue> sweep, long seed, long durationNanos,
                                 long sampleNanos, int samples, Fleet fleet, Host host, List<Domain> domains) {
        public VariantSummary {
            sweep = List.copyOf(sweep);
            domains = List.copyOf(domains);
        }
    }

    /**
     * All the domains together.
     *
     * @param avgHeldKiB               Σ over domains of ∫ current dt, over the duration: the fleet's average footprint
     * @param avgSavedKiB              the same for static-max − current
     * @param peakHeldKiB              the largest Σ current at one sample
     * @param domainSecondsBelowTarget Σ over domains of their time below target
     * @param balancerFailures         the host's failed balancing runs and reservations
     */
    public record Fleet(int domains, BigDecimal avgHeldKiB, BigDecimal avgSavedKiB, long peakHeldKiB,
                        long domainSecondsBelowTargetNanos, long swapOutKiB, long frontswapPutKiB, long oomKills,
                        long refusedMmaps, long balancerFailures) {
    }

    /** The host's free memory (average, minimum) and tmem (average) over the duration. */
    public record Host(BigDecimal avgFreeKiB, long minFreeKiB, BigDecimal avgTmemKiB) {
    }

    /**
     * One domain over its life ({@code lifetime}: the samples it has rows in, each weighing the
     * time to the next sample). Averages are empty for a domain whose life weighs nothing (it
     * appeared only in the last sample).
     */
    public record Domain(int domid, String name, long lifetimeNanos, Optional<BigDecimal> avgHeldKiB,
                         Optional<BigDecimal> avgSavedKiB, long peakHeldKiB, long timeBelowTargetNanos,
                         long swapOutKiB, long frontswapPutKiB, long oomKills, long refusedMmaps,
                         long balancerFailures) {
    }
}
