package org.xenemu.scenarios.series;

/**
 * One row of a series as {@link VariantSeries#scan} presents it: the host's row or a domain's. The
 * same object is reused for every row of a scan (a thousand-domain day is 1.4 M rows): read it in
 * the visitor, do not keep it.
 */
public final class SeriesRow {
    final long[] domain = new long[DomainColumn.values().length];
    final long[] host = new long[HostColumn.values().length];
    boolean isHost;
    boolean hasGamma;
    int sample;
    long timeNanos;
    int track;
    int domid;
    String name = "";

    SeriesRow() {
    }

    public boolean isHost() {
        return isHost;
    }

    public int sample() {
        return sample;
    }

    public long timeNanos() {
        return timeNanos;
    }

    /** The domain row's index into {@link VariantSeries#domains()}; meaningless for the host row. */
    public int trackIndex() {
        return track;
    }

    public int domid() {
        return domid;
    }

    public String name() {
        return name;
    }

    /** Copies the domain figures, by {@link DomainColumn#ordinal()}, into {@code target}. */
    public void copyDomainValues(long[] target) {
        System.arraycopy(domain, 0, target, 0, domain.length);
    }

    public long get(DomainColumn c) {
        return domain[c.ordinal()];
    }

    /** A host figure; {@link HostColumn#BALANCER_GAMMA} in millionths, and only when {@link #hasGamma()}. */
    public long get(HostColumn c) {
        return host[c.ordinal()];
    }

    public boolean hasGamma() {
        return hasGamma;
    }
}
