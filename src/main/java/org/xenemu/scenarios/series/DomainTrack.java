package org.xenemu.scenarios.series;


/**
 * One domain's rows: from the sample it first appeared in, for every following sample until it
 * was gone (destroyed, or its domid taken by another domain later — then that is another track).
 */
public final class DomainTrack {
    private static final int WIDTH = DomainColumn.values().length;
    private final int domid;
    private final String name;
    private final int firstSample;
    private final RowStream rows;
    private final long[] scratch = new long[WIDTH];

    DomainTrack(int domid, String name, int firstSample, int expectedSamples) {
        this.domid = domid;
        this.name = name;
        this.firstSample = firstSample;
        this.rows = new RowStream(WIDTH, expectedSamples);
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
        return rows.rows();
    }

    /** Whether sample {@code i} has a row for this domain. */
    public boolean covers(int i) {
        return i >= firstSample && i < firstSample + sampleCount();
    }

    /** The column's values, one per covered sample (index 0 is sample {@link #firstSample()}). */
    public long[] values(DomainColumn c) {
        return rows.columns()[c.ordinal()];
    }

    /** Every column at once, by {@link DomainColumn#ordinal()}: cheaper than one {@link #values} each. */
    public long[][] columns() {
        return rows.columns();
    }

    /** Not thread-safe: only the recorder appends. */
    void append(DomainSample s) {
        long[] r = scratch;
        r[0] = s.targetKiB();
        r[1] = s.currentKiB();
        r[2] = s.committedAsKiB();
        r[3] = s.memFreeKiB();
        r[4] = s.swapUsedKiB();
        r[5] = s.frontswapKiB();
        r[6] = s.swapOutKiB();
        r[7] = s.frontswapPutKiB();
        r[8] = s.oomKills();
        r[9] = s.refusedMmaps();
        r[10] = s.balancerFailures();
        r[11] = s.workloadKiB();
        r[12] = s.staticMaxKiB();
        rows.append(r);
    }

    RowStream.Cursor cursor() {
        return rows.cursor();
    }

    /** A reader of the track's rows in order, from its first: cheaper than {@link #columns} when they are read once. */
    public Rows rows() {
        return new Rows(rows.cursor());
    }

    /** Reads one track's rows in order. */
    public static final class Rows {
        private final RowStream.Cursor cursor;

        private Rows(RowStream.Cursor cursor) {
            this.cursor = cursor;
        }

        /** The next row into {@code into} (at least one long per {@link DomainColumn}, by ordinal). */
        public void next(long[] into) {
            cursor.next(into);
        }
    }

    long footprintBytes() {
        return rows.footprintBytes();
    }

    void trim() {
        rows.trim();
    }
}
