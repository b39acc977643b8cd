package org.xenemu.scenarios.series;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xenemu.scenarios.document.Scenario;

/**
 * The summary of a series, from its rows alone. With samples at t₀ &lt; t₁ &lt; … &lt; tₙ₋₁ (the
 * last is the end), each row stands for the interval to the next sample: weight
 * {@code wᵢ = tᵢ₊₁ − tᵢ}, and {@code wₙ₋₁ = 0}. For a domain over the samples it has rows in:
 * <pre>
 *   lifetime            = Σ wᵢ
 *   avgHeldKiB          = Σ currentᵢ·wᵢ / lifetime
 *   avgSavedKiB         = Σ (static_maxᵢ − currentᵢ)·wᵢ / lifetime
 *   peakHeldKiB         = max currentᵢ
 *   timeBelowTarget     = Σ wᵢ over the rows with currentᵢ &lt; targetᵢ
 *   swapOutKiB, frontswapPutKiB, oomKills, refusedMmaps, balancerFailures = the value in its last row
 * </pre>
 * The fleet: {@code avgHeldKiB = Σ_d Σ currentᵢ·wᵢ / duration} (likewise saved),
 * {@code peakHeldKiB = maxᵢ Σ_d currentᵢ}, {@code domainSecondsBelowTarget = Σ_d timeBelowTarget},
 * the counters summed over domains, {@code balancerFailures} from the host's last row. The host:
 * {@code avgFreeKiB = Σ freeᵢ·wᵢ / duration}, {@code minFreeKiB}, {@code avgTmemKiB}. Sums are
 * exact (128-bit); averages are rounded half-even to three decimals.
 */
public final class Summaries {
    private static final int SCALE = 3;

    private Summaries() {
    }

    public static ScenarioSummary of(String scenarioName, List<VariantSeries> variants) {
        List<ScenarioSummary.VariantSummary> out = new ArrayList<>();
        for (VariantSeries v : variants) {
            out.add(of(v));
        }
        return new ScenarioSummary(scenarioName, out);
    }

    public static ScenarioSummary.VariantSummary of(VariantSeries series) {
        int n = series.sampleCount();
        int tracks = series.domains().size();
        Exact128[] held = new Exact128[tracks];
        Exact128[] saved = new Exact128[tracks];
        long[] lifetime = new long[tracks];
        long[] peak = new long[tracks];
        long[] below = new long[tracks];
        long[][] last = new long[tracks][DomainColumn.values().length];
        for (int k = 0; k < tracks; k++) {
            held[k] = new Exact128();
            saved[k] = new Exact128();
            peak[k] = Long.MIN_VALUE;
        }
        Exact128 free = new Exact128();
        Exact128 tmem = new Exact128();
        long[] minFree = {Long.MAX_VALUE};
        long[] hostFailures = {0};
        long[] sumAtSample = new long[n];
        series.scan(row -> {
            int i = row.sample();
            long w = i + 1 < n ? series.timeNanos(i + 1) - row.timeNanos() : 0;
            if (row.isHost()) {
                free.addProduct(row.get(HostColumn.FREE_KIB), w);
                tmem.addProduct(row.get(HostColumn.TMEM_KIB), w);
                minFree[0] = Math.min(minFree[0], row.get(HostColumn.FREE_KIB));
                hostFailures[0] = row.get(HostColumn.BALANCER_FAILURES);
                return;
            }
            int k = row.trackIndex();
            long current = row.get(DomainColumn.CURRENT_KIB);
            held[k].addProduct(current, w);
            saved[k].addProduct(row.get(DomainColumn.STATIC_MAX_KIB) - current, w);
            lifetime[k] += w;
            peak[k] = Math.max(peak[k], current);
            if (current < row.get(DomainColumn.TARGET_KIB)) {
                below[k] += w;
            }
            row.copyDomainValues(last[k]);
            sumAtSample[i] += current;
        });
        long duration = series.timeNanos(n - 1) - series.timeNanos(0);
        List<ScenarioSummary.Domain> domains = new ArrayList<>(tracks);
        Exact128 fleetHeld = new Exact128();
        Exact128 fleetSaved = new Exact128();
        long fleetBelow = 0;
        long[] counters = new long[DomainColumn.values().length];
        for (int k = 0; k < tracks; k++) {
            DomainTrack t = series.domains().get(k);
            long[] l = last[k];
            domains.add(new ScenarioSummary.Domain(t.domid(), t.name(), lifetime[k], average(held[k], lifetime[k]),
                    average(saved[k], lifetime[k]), peak[k], below[k], l[DomainColumn.SWAP_OUT_KIB.ordinal()],
                    l[DomainColumn.FRONTSWAP_PUT_KIB.ordinal()], l[DomainColumn.OOM_KILLS.ordinal()],
                    l[DomainColumn.REFUSED_MMAPS.ordinal()], l[DomainColumn.BALANCER_FAILURES.ordinal()]));
            fleetHeld.add(held[k]);
            fleetSaved.add(saved[k]);
            fleetBelow += below[k];
            for (int c = 0; c < counters.length; c++) {
                counters[c] += l[c];
            }
        }
        long fleetPeak = 0;
        for (long s : sumAtSample) {
            fleetPeak = Math.max(fleetPeak, s);
        }
        ScenarioSummary.Fleet fleet = new ScenarioSummary.Fleet(tracks, average(fleetHeld, duration).orElse(zero()),
                average(fleetSaved, duration).orElse(zero()), fleetPeak, fleetBelow,
                counters[DomainColumn.SWAP_OUT_KIB.ordinal()], counters[DomainColumn.FRONTSWAP_PUT_KIB.ordinal()],
                counters[DomainColumn.OOM_KILLS.ordinal()], counters[DomainColumn.REFUSED_MMAPS.ordinal()],
                hostFailures[0]);
        ScenarioSummary.Host host = new ScenarioSummary.Host(average(free, duration).orElse(zero()), minFree[0],
                average(tmem, duration).orElse(zero()));
        Scenario s = series.variant().scenario();
        return new ScenarioSummary.VariantSummary(series.variant().index(), series.variant().name(),
                series.variant().overrides(), s.seed(), s.durationNanos(), s.sampleNanos(), n, fleet, host, domains);
    }

    private static Optional<BigDecimal> average(Exact128 integral, long overNanos) {
        if (overNanos <= 0) {
            return Optional.empty();
        }
        BigInteger sum = integral.value();
        return Optional.of(new BigDecimal(sum).divide(BigDecimal.valueOf(overNanos), SCALE, RoundingMode.HALF_EVEN));
    }

    private static BigDecimal zero() {
        return BigDecimal.ZERO.setScale(SCALE);
    }
}
