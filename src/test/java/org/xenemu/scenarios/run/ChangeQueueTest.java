package org.xenemu.scenarios.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The change calendar gives the items a priority queue on (time, order) would, in the same order. */
class ChangeQueueTest {
    record Item(long time, int order) {
    }

    private static final Comparator<Item> ORDER = Comparator.comparingInt(Item::order);

    @Property(tries = 200)
    void takesWhatAPriorityQueueOnTimeThenOrderWouldTake(@ForAll long seed) {
        Random random = new Random(seed);
        ChangeQueue<Item> queue = new ChangeQueue<>(Item::time, ORDER);
        PriorityQueue<Item> model = new PriorityQueue<>(Comparator.comparingLong(Item::time).thenComparing(ORDER));
        int nextOrder = 0;
        long now = 0;
        for (int step = 0; step < 300; step++) {
            int adds = random.nextInt(6);
            for (int i = 0; i < adds; i++) {
                // few distinct times, as a day-long curve's steps give, and some in the past
                Item item = new Item(now + random.nextInt(8) * 10 - 5, random.nextBoolean() ? nextOrder++
                        : random.nextInt(nextOrder + 1));
                queue.add(item);
                model.add(item);
            }
            assertThat(queue.firstTime()).isEqualTo(model.isEmpty() ? Long.MAX_VALUE : model.peek().time());
            now += random.nextInt(15);
            List<Item> taken = new ArrayList<>();
            queue.takeDue(now, taken);
            List<Item> expected = new ArrayList<>();
            while (!model.isEmpty() && model.peek().time() <= now) {
                expected.add(model.poll());
            }
            assertThat(taken).isEqualTo(expected);
        }
    }
}
