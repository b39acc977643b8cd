package org.xenemu.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xenemu.clock.ClockMode;
import org.xenemu.clock.VirtualClock;

class EventBusTest {
    record Happened(int n) implements XenEvent {
    }

    private final VirtualClock clock = new VirtualClock(250, ClockMode.MANUAL, 1.0, () -> 0L);

    @Test
    void eventsGetIncreasingSequenceNumbersAndTheirTypeName() {
        EventBus bus = new EventBus(clock, 10);
        EventEnvelope a = bus.publish(new Happened(1));
        EventEnvelope b = bus.publish(new Happened(2));
        assertThat(a.seq()).isEqualTo(1);
        assertThat(b.seq()).isEqualTo(2);
        assertThat(a.type()).isEqualTo("Happened");
    }

    record Typed(String type) implements XenEvent {
    }

    @Test
    void aRecordWithItsOwnTypeComponentStillTravelsUnderItsClassName() {
        EventBus bus = new EventBus(clock, 10);
        assertThat(bus.publish(new Typed("PV")).type()).isEqualTo("Typed");
    }

    @Test
    void historyIsBoundedAndPagesSkipWhatWasForgotten() {
        EventBus bus = new EventBus(clock, 5);
        for (int i = 1; i <= 12; i++) {
            bus.publish(new Happened(i));
        }
        EventBus.Page page = bus.page(0, 100);
        assertThat(page.oldestSeq()).isEqualTo(8);
        assertThat(page.events()).extracting(EventEnvelope::seq).containsExactly(8L, 9L, 10L, 11L, 12L);
    }

    @Test
    void pagesStartAfterTheGivenSequenceAndRespectTheLimit() {
        EventBus bus = new EventBus(clock, 100);
        for (int i = 1; i <= 10; i++) {
            bus.publish(new Happened(i));
        }
        assertThat(bus.page(3, 2).events()).extracting(EventEnvelope::seq).containsExactly(4L, 5L);
        assertThat(bus.page(10, 5).events()).isEmpty();
    }

    @Test
    void subscribersGetTheBacklogThenLiveEventsInOrderWithoutGapOrRepeat() {
        EventBus bus = new EventBus(clock, 100);
        bus.publish(new Happened(1));
        bus.publish(new Happened(2));
        List<Long> seen = new ArrayList<>();
        EventBus.Subscription sub = bus.subscribe(1, e -> seen.add(e.seq()));
        bus.publish(new Happened(3));
        assertThat(sub.backlogSize()).isEqualTo(1);
        assertThat(seen).containsExactly(2L, 3L);
        sub.cancel().run();
        bus.publish(new Happened(4));
        assertThat(seen).containsExactly(2L, 3L);
    }

    @Test
    void aFailingSubscriberNeitherThrowsIntoThePublisherNorStarvesTheOthers() {
        EventBus bus = new EventBus(clock, 10);
        List<Long> seen = new ArrayList<>();
        bus.subscribe(0, e -> {
            throw new IllegalStateException("broken stream");
        });
        bus.subscribe(0, e -> seen.add(e.seq()));
        EventEnvelope e = bus.publish(new Happened(1));
        assertThat(e.seq()).isEqualTo(1);
        assertThat(seen).containsExactly(1L);
        assertThat(bus.page(0, 10).events()).hasSize(1);
    }
}
