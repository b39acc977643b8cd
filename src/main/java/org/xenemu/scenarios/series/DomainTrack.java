package org.xenemu.scenarios.series;


/**
 * One domain's rows: from the sample it first appeared in, for every following sample until it
 * was gone (destroyed, or its domid taken by another domain later — then that is another track).
 */
public final class DomainTrack {
    private final int domid;
    private final String name;
    private final int firstSample;
    private static final DomainColumn[] COLUMNS = DomainColumn.values();
    /** By {@link DomainColumn#ordinal()}. */
    private final LongColumn[] columns = new LongColumn[COLUMNS.length];

    DomainTrack(int domid, String name, int firstSample, int expectedSamples) {
        this.domid = domid;
        this.name = name;
        this.firstSample = firstSample;
        for (int c = 0; c < columns.length; c++) {
            columns[c] = new LongColumn(expectedSamples);
        }
    }

    public int domid() {
        return domid;
    }

    public String name() {
        return name;
    }

    /** The index of the first sample with a row for this domain. */
    public int firstSample() {
        return firstSample;
    }

    /** How many consecutive samples have a row for it. */
    public int sampleCount() {
        return columns[0].size();
    }

    /** Whether sample {@code i} has a row for this domain. */
    public boolean covers(int i) {
        return i >= firstSample && i < firstSample + sampleCount();
    }

    /** The column's values, one per covered sample (index 0 is sample {@link #firstSample()}). */
    public long[] values(DomainColumn c) {
        return columns[c.ordinal()].decode();
    }

    void append(DomainSample s) {
        columns[0].append(s.targetKiB());
        columns[1].append(s.currentKiB());
        columns[2].append(s.committedAsKiB());
        columns[3].append(s.memFreeKiB());
        columns[4].append(s.swapUsedKiB());
        columns[5].append(s.frontswapKiB());
        columns[6].append(s.swapOutKiB());
        columns[7].append(s.frontswapPutKiB());
        columns[8].append(s.oomKills());
        columns[9].append(s.refusedMmaps());
        columns[10].append(s.balancerFailures());
        columns[11].append(s.workloadKiB());
        columns[12].append(s.staticMaxKiB());
    }

    LongColumn.Cursor cursor(DomainColumn c) {
        return columns[c.ordinal()].cursor();
    }

    long footprintBytes() {
        return java.util.Arrays.stream(columns).mapToLong(LongColumn::footprintBytes).sum();
    }

    void trim() {
        for (LongColumn c : columns) {
            c.trim();
        }
    }
}
