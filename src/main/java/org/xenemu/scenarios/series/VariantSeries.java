package org.xenemu.scenarios.series;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.xenemu.scenarios.document.Variant;

/**
 * A variant's whole series, as recorded: the sample times, the host's columns, and one
 * {@link DomainTrack} per domain. Immutable once {@link SeriesRecorder#finish} made it; safe to
 * read from several threads.
 *
 * <p>Row order, which every writer keeps: by sample; within a sample the host's row first, then
 * the domains' rows by domid.
 */
public final class VariantSeries {
    private final Variant variant;
    private final long[] times;
    private final RowStream host;
    private final BitSet gammaPresent;
    private final List<DomainTrack> domains;
    private final List<DomainTrack> byDomid;

    VariantSeries(Variant variant, long[] times, RowStream host, BitSet gammaPresent,
                  List<DomainTrack> domains) {
        this.variant = variant;
        this.times = times;
        this.host = host;
        this.gammaPresent = gammaPresent;
        this.domains = List.copyOf(domains);
        List<DomainTrack> sorted = new ArrayList<>(domains);
        sorted.sort(Comparator.comparingInt(DomainTrack::domid).thenComparingInt(DomainTrack::firstSample));
        this.byDomid = List.copyOf(sorted);
    }

    /**
     * A variant's series put together from parts that each recorded some of its domains (a run
     * split over several private hosts): the host's columns as given (one value per sample, by
     * {@link HostColumn} ordinal; γ in millionths), every part's domain tracks in the order one
     * recorder would have seen them (by first sample, then domid). The parts' own host rows are
     * not used. Domids must not repeat across the parts at any sample.
     */
    public static VariantSeries merge(Variant variant, List<VariantSeries> parts, long[][] hostColumns,
                                      BitSet gammaPresent) {
        long[] times = parts.get(0).times.clone();
        RowStream host = new RowStream(HostColumn.values().length, times.length);
        long[] row = new long[HostColumn.values().length];
        for (int i = 0; i < times.length; i++) {
            for (int c = 0; c < row.length; c++) {
                row[c] = hostColumns[c][i];
            }
            host.append(row);
        }
        host.trim();
        List<DomainTrack> tracks = new ArrayList<>();
        for (VariantSeries p : parts) {
            if (p.times.length != times.length) {
                throw new IllegalArgumentException("parts of different lengths");
            }
            tracks.addAll(p.domains);
        }
        tracks.sort(Comparator.comparingInt(DomainTrack::firstSample).thenComparingInt(DomainTrack::domid));
        return new VariantSeries(variant, times, host, (BitSet) gammaPresent.clone(), tracks);
    }

    public Variant variant() {
        return variant;
    }

    public int sampleCount() {
        return times.length;
    }

    public long timeNanos(int sample) {
        return times[sample];
    }

    /** The domains in the order they first appeared (ties by domid). */
    public List<DomainTrack> domains() {
        return domains;
    }

    /** The host's column, one value per sample; {@link HostColumn#BALANCER_GAMMA} in millionths. */
    public long[] host(HostColumn c) {
        return host.columns()[c.ordinal()];
    }

    /** Every host column at once ({@code [HostColumn ordinal][sample]}, fresh arrays): one decoding for all. */
    public long[][] hostColumns() {
        return host.columns();
    }

    /** Whether a balancer had decided (and γ is meaningful) at the sample. */
    public boolean hasGamma(int sample) {
        return gammaPresent.get(sample);
    }

    /** Rows in all: a host row per sample and a row per domain per sample it existed in. */
    public long rowCount() {
        return times.length + domains.stream().mapToLong(DomainTrack::sampleCount).sum();
    }

    /** Bytes the columns hold, for measurements. */
    public long footprintBytes() {
        return host.footprintBytes() + domains.stream().mapToLong(DomainTrack::footprintBytes).sum();
    }

    /** Every row in order (see the class comment), through one reused {@link SeriesRow}. */
    public void scan(Consumer<SeriesRow> visitor) {
        SeriesRow row = new SeriesRow();
        RowStream.Cursor hostCursor = host.cursor();
        RowStream.Cursor[] cursors = new RowStream.Cursor[byDomid.size()];
        int[] trackIndex = new int[byDomid.size()];
        Map<DomainTrack, Integer> positions = new IdentityHashMap<>();
        for (int k = 0; k < domains.size(); k++) {
            positions.put(domains.get(k), k);
        }
        for (int k = 0; k < byDomid.size(); k++) {
            trackIndex[k] = java.util.Objects.requireNonNull(positions.get(byDomid.get(k)));
            cursors[k] = byDomid.get(k).cursor();
        }
        for (int i = 0; i < times.length; i++) {
            row.sample = i;
            row.timeNanos = times[i];
            row.isHost = true;
            row.name = "";
            row.domid = 0;
            row.track = -1;
            hostCursor.next(row.host);
            row.hasGamma = gammaPresent.get(i);
            visitor.accept(row);
            row.isHost = false;
            for (int k = 0; k < byDomid.size(); k++) {
                DomainTrack t = byDomid.get(k);
                if (!t.covers(i)) {
                    continue;
                }
                row.domid = t.domid();
                row.name = t.name();
                row.track = trackIndex[k];
                cursors[k].next(row.domain);
                visitor.accept(row);
            }
        }
    }
}
