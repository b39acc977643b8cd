package org.xenemu.scenarios.series;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The compact column gives back exactly what went in, in order, and small steps take little room. */
class LongColumnTest {
    @Property(tries = 300)
    void givesBackEveryValueInOrder(@ForAll List<Long> values) {
        LongColumn column = new LongColumn(4);
        values.forEach(column::append);
        long[] decoded = column.decode();
        assertThat(decoded).containsExactly(values.stream().mapToLong(Long::longValue).toArray());
        LongColumn.Cursor cursor = column.cursor();
        for (long v : values) {
            assertThat(cursor.next()).isEqualTo(v);
        }
    }

    @Test
    void keepsTheExtremes() {
        LongColumn column = new LongColumn(4);
        long[] values = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, Long.MAX_VALUE, Long.MIN_VALUE};
        for (long v : values) {
            column.append(v);
        }
        assertThat(column.decode()).containsExactly(values);
    }

    @Test
    void slowlyMovingMemoryFiguresTakeAboutTwoBytesEach() {
        LongColumn column = new LongColumn(1441);
        long kib = 262_144;
        for (int i = 0; i < 1441; i++) {
            kib += (i % 7 - 3) * 1024;
            column.append(kib);
        }
        column.trim();
        assertThat(column.footprintBytes()).isLessThan(1441 * 2 + 8);
    }
}
