package org.xenemu.scenarios.series;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The compact rows give back exactly what went in, in order, and small steps take little room. */
class RowStreamTest {
    @Property(tries = 300)
    void givesBackEveryValueInOrder(@ForAll @Size(max = 60) List<@Size(3) List<Long>> rows) {
        RowStream stream = new RowStream(3, 2);
        for (List<Long> r : rows) {
            stream.append(new long[] {r.get(0), r.get(1), r.get(2)});
        }
        RowStream.Cursor cursor = stream.cursor();
        long[] row = new long[3];
        long[][] columns = stream.columns();
        for (int i = 0; i < rows.size(); i++) {
            cursor.next(row);
            for (int c = 0; c < 3; c++) {
                assertThat(row[c]).isEqualTo(rows.get(i).get(c));
                assertThat(columns[c][i]).isEqualTo(rows.get(i).get(c));
            }
        }
        assertThat(stream.rows()).isEqualTo(rows.size());
    }

    @Test
    void keepsTheExtremes() {
        RowStream stream = new RowStream(1, 1);
        long[] values = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, Long.MAX_VALUE, Long.MIN_VALUE};
        for (long v : values) {
            stream.append(new long[] {v});
        }
        assertThat(stream.columns()[0]).containsExactly(values);
    }

    @Test
    void slowlyMovingMemoryFiguresTakeAboutTwoBytesEach() {
        RowStream stream = new RowStream(2, 1441);
        long kib = 262_144;
        for (int i = 0; i < 1441; i++) {
            kib += (i % 7 - 3) * 1024;
            stream.append(new long[] {kib, 7});
        }
        stream.trim();
        assertThat(stream.footprintBytes()).isLessThan(1441 * 3 + 8);
    }
}
