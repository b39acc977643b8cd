package org.xenemu.scenarios.series;

import java.util.EnumMap;
import java.util.Map;

/**
 * One domain's rows: from the sample it first appeared in, for every following sample until it
 * was gone (destroyed, or its domid taken by another domain later — then that is another track).
 */
public final class DomainTrack {
    private final int domid;
    private final String name;
    private final int firstSample;
    private final Map<DomainColumn, LongColumn> columns = new EnumMap<>(DomainColumn.class);

    DomainTrack(int domid, String name, int firstSample, int expectedSamples) {
        this.domid = domid;
        this.name = name;
        this.firstSample = firstSample;
        for (DomainColumn c : DomainColumn.values()) {
            columns.put(c, new LongColumn(expectedSamples));
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
        return columns.get(DomainColumn.TARGET_KIB).size();
    }

    /** Whether sample {@code i} has a row for this domain. */
    public boolean covers(int i) {
        return i >= firstSample && i < firstSample + sampleCount();
    }

    /** The column's values, one per covered sample (index 0 is sample {@link #firstSample()}). */
    public long[] values(DomainColumn c) {
        return columns.get(c).decode();
    }

    void append(DomainSample s) {
        for (Map.Entry<DomainColumn, LongColumn> e : columns.entrySet()) {
            e.getValue().append(s.value(e.getKey()));
        }
    }

    LongColumn.Cursor cursor(DomainColumn c) {
        return columns.get(c).cursor();
    }

    long footprintBytes() {
        return columns.values().stream().mapToLong(LongColumn::footprintBytes).sum();
    }

    void trim() {
        columns.values().forEach(LongColumn::trim);
    }
}
