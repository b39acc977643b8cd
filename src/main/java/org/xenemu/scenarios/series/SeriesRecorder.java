package org.xenemu.scenarios.series;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.xenemu.scenarios.document.Scenario;
import org.xenemu.scenarios.document.Variant;

/**
 * How a runner writes a variant's series: at each of the scenario's sample times, in order,
 * {@link #beginSample}, one {@link #host}, a {@link #domain} per domain that exists (any order),
 * {@link #endSample}; then {@link #finish}. Misuse (a time out of order, a missing host row, a
 * domid twice in a sample, a domain renamed) is a programming error: {@link IllegalStateException}.
 * A domain missing from a sample has ended its track; its domid may start a new one later. Not
 * thread-safe: one runner thread per variant.
 */
public final class SeriesRecorder {
    private final Variant variant;
    private final Scenario scenario;
    private final long[] times;
    private final RowStream host;
    private final long[] hostRow = new long[HostColumn.values().length];
    private final BitSet gammaPresent = new BitSet();
    private final List<DomainTrack> tracks = new ArrayList<>();
    /** The open track of each domid (domids are below 2^15), and the last sample each domid was seen in. */
    private DomainTrack[] open = new DomainTrack[64];
    private int[] seenIn = new int[64];
    private int next;
    private boolean inSample;
    private boolean hostRecorded;

    public SeriesRecorder(Variant variant) {
        this.variant = variant;
        this.scenario = variant.scenario();
        this.times = new long[scenario.sampleCount()];
        this.host = new RowStream(hostRow.length, times.length);
    }

    /** The virtual time of the next sample to record, or empty when all are recorded. */
    public java.util.OptionalLong nextSampleNanos() {
        return next < times.length ? java.util.OptionalLong.of(scenario.sampleTimeNanos(next))
                : java.util.OptionalLong.empty();
    }

    public void beginSample(long timeNanos) {
        verify(!inSample, "beginSample twice");
        verify(next < times.length, "all " + times.length + " samples are recorded");
        verify(timeNanos == scenario.sampleTimeNanos(next), "sample " + next + " is at "
                + scenario.sampleTimeNanos(next) + " ns, not " + timeNanos);
        times[next] = timeNanos;
        inSample = true;
        hostRecorded = false;
    }

    public void host(HostSample h) {
        verify(inSample && !hostRecorded, "host() once per sample, inside it");
        append(HostColumn.TOTAL_KIB, h.totalKiB());
        append(HostColumn.XEN_KIB, h.xenKiB());
        append(HostColumn.DOM0_KIB, h.dom0KiB());
        append(HostColumn.DOMAINS_KIB, h.domainsKiB());
        append(HostColumn.TMEM_KIB, h.tmemKiB());
        append(HostColumn.PRESSURE_KIB, h.pressureKiB());
        append(HostColumn.RESERVED_KIB, h.reservedKiB());
        append(HostColumn.FREE_KIB, h.freeKiB());
        long gamma = 0;
        if (h.gamma().isPresent()) {
            double g = h.gamma().getAsDouble();
            verify(Double.isFinite(g), "γ must be finite");
            gamma = (long) Math.rint(g * 1_000_000);
            gammaPresent.set(next);
        }
        append(HostColumn.BALANCER_GAMMA, gamma);
        append(HostColumn.BALANCER_FAILURES, h.balancerFailures());
        host.append(hostRow);
        hostRecorded = true;
    }

    public void domain(DomainSample d) {
        verify(inSample, "domain() inside a sample");
        int domid = d.domid();
        if (domid < 0 || domid >= 1 << 16) {
            throw new IllegalStateException("domid " + domid + " out of range");
        }
        if (domid >= open.length) {
            int size = Integer.highestOneBit(domid) * 2;
            open = java.util.Arrays.copyOf(open, size);
            seenIn = java.util.Arrays.copyOf(seenIn, size);
        }
        // seenIn holds sample + 1, so 0 means never
        if (seenIn[domid] == next + 1) {
            throw new IllegalStateException("domid " + domid + " twice in sample " + next);
        }
        DomainTrack t = open[domid];
        if (t == null || seenIn[domid] != next) {
            t = new DomainTrack(domid, d.name(), next, times.length - next);
            open[domid] = t;
            tracks.add(t);
        } else if (!t.name().equals(d.name())) {
            throw new IllegalStateException("domid " + domid + " renamed from " + t.name() + " to " + d.name());
        }
        seenIn[domid] = next + 1;
        t.append(d);
    }

    public void endSample() {
        verify(inSample && hostRecorded, "endSample after host()");
        inSample = false;
        next++;
    }

    /** The series; every sample must have been recorded. */
    public VariantSeries finish() {
        verify(!inSample && next == times.length, "recorded " + next + " of " + times.length + " samples");
        host.trim();
        tracks.forEach(DomainTrack::trim);
        return new VariantSeries(variant, times.clone(), host, gammaPresent, tracks);
    }

    private void append(HostColumn c, long value) {
        hostRow[c.ordinal()] = value;
    }

    private static void verify(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }
}
