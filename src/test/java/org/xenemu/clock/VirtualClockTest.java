package org.xenemu.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VirtualClockTest {
    private final SchedulerTest.FakeWall wall = new SchedulerTest.FakeWall();

    @Test
    void realtimeFollowsTheWallClockTimesSpeed() {
        VirtualClock clock = new VirtualClock(250, ClockMode.REALTIME, 10.0, wall);
        wall.advance(1_000_000_000L);
        assertThat(clock.nanos()).isEqualTo(10_000_000_000L);
        assertThat(clock.jiffies()).isEqualTo(2500);
    }

    @Test
    void manualModeDoesNotMoveWithTheWallClock() {
        VirtualClock clock = new VirtualClock(250, ClockMode.MANUAL, 1.0, wall);
        wall.advance(5_000_000_000L);
        assertThat(clock.nanos()).isZero();
    }

    @Test
    void switchingModesKeepsTimeMonotonic() {
        VirtualClock clock = new VirtualClock(250, ClockMode.REALTIME, 1.0, wall);
        wall.advance(3_000_000_000L);
        long before = clock.nanos();
        clock.reconfigure(ClockMode.MANUAL, 1.0);
        assertThat(clock.nanos()).isEqualTo(before);
        wall.advance(7_000_000_000L);
        assertThat(clock.nanos()).isEqualTo(before);
        clock.reconfigure(ClockMode.REALTIME, 2.0);
        assertThat(clock.nanos()).isEqualTo(before);
        wall.advance(1_000_000_000L);
        assertThat(clock.nanos()).isEqualTo(before + 2_000_000_000L);
    }

    @Test
    void nanosecondsInterpolateBetweenTicks() {
        VirtualClock clock = new VirtualClock(250, ClockMode.REALTIME, 1.0, wall);
        wall.advance(5_999_999);
        assertThat(clock.jiffies()).isEqualTo(1);
        assertThat(clock.nanos()).isEqualTo(5_999_999);
    }

    @Test
    void jiffyStartIsTheFirstNanosecondOfTheTickForAnyHz() {
        for (int hz : new int[] {100, 250, 300, 1000}) {
            VirtualClock clock = new VirtualClock(hz, ClockMode.MANUAL, 1.0, wall);
            for (long j = 0; j < 2000; j += 7) {
                long start = clock.jiffyStartNanos(j);
                assertThat(clock.nanosToJiffies(start)).isEqualTo(j);
                assertThat(clock.nanosToJiffies(start - 1)).isEqualTo(j == 0 ? 0 : j - 1);
            }
        }
    }

    @Test
    void absurdSpeedsAndHzAreRefused() {
        assertThatThrownBy(() -> new VirtualClock(0, ClockMode.MANUAL, 1.0, wall)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VirtualClock(250, ClockMode.MANUAL, 0.0, wall)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VirtualClock(250, ClockMode.MANUAL, Double.NaN, wall)).isInstanceOf(IllegalArgumentException.class);
    }
}
