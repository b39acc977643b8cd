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
        long[] weight = new long[n];
        for (int i = 0; i + 1 < n; i++) {
            weight[i] = series.timeNanos(i + 1) - series.timeNanos(i);
        }
        Exact128[] held = new Exact128[tracks];
        Exact128[] saved = new Exact128[tracks];
        long[] lifetime = new long[tracks];
        long[] peak = new long[tracks];
        long[] below = new long[tracks];
        long[][] last = new long[tracks][DomainColumn.values().length];
        long[] sumAtSample = new long[n];
        // one domain at a time, each track's rows read in order from where they lie: every figure
        // here is a sum, a maximum or a last value, so the order rows are met in changes nothing
        int current = DomainColumn.CURRENT_KIB.ordinal();
        int target = DomainColumn.TARGET_KIB.ordinal();
        int staticMax = DomainColumn.STATIC_MAX_KIB.ordinal();
        for (int k = 0; k < tracks; k++) {
            DomainTrack t = series.domains().get(k);
            RowStream.Cursor cursor = t.cursor();
            long[] row = last[k];
            Exact128 h = new Exact128();
            Exact128 sv = new Exact128();
            long life = 0;
            long top = Long.MIN_VALUE;
            long under = 0;
            for (int i = t.firstSample(), end = i + t.sampleCount(); i < end; i++) {
                cursor.next(row);
                long w = weight[i];
                long cur = row[current];
                h.addProduct(cur, w);
                sv.addProduct(row[staticMax] - cur, w);
                life += w;
                top = Math.max(top, cur);
                if (cur < row[target]) {
                    under += w;
                }
                sumAtSample[i] += cur;
            }
            held[k] = h;
            saved[k] = sv;
            lifetime[k] = life;
            peak[k] = top;
            below[k] = under;
        }
        Exact128 free = new Exact128();
        Exact128 tmem = new Exact128();
        long minFree = Long.MAX_VALUE;
        long[][] hostColumns = series.hostColumns();
        long[] hostFree = hostColumns[HostColumn.FREE_KIB.ordinal()];
        long[] hostTmem = hostColumns[HostColumn.TMEM_KIB.ordinal()];
        for (int i = 0; i < n; i++) {
            free.addProduct(hostFree[i], weight[i]);
            tmem.addProduct(hostTmem[i], weight[i]);
            minFree = Math.min(minFree, hostFree[i]);
        }
        long hostFailures = n == 0 ? 0 : hostColumns[HostColumn.BALANCER_FAILURES.ordinal()][n - 1];
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
                hostFailures);
        ScenarioSummary.Host host = new ScenarioSummary.Host(average(free, duration).orElse(zero()), minFree,
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
