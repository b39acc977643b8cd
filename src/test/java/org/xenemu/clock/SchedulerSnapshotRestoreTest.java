package org.xenemu.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's restore API (docs/snapshots.md "What a restore does"): a task put back at its
 * saved (due jiffy, sequence) runs where it ran before the save, whatever order the restore puts
 * tasks back in — ties at one jiffy in sequence order, and tasks queued after the restore behind
 * every restored one.
 */
class SchedulerSnapshotRestoreTest {
    private final VirtualClock clock = new VirtualClock(250, ClockMode.MANUAL, 1.0, WallClock.SYSTEM);
    private final Scheduler scheduler = new Scheduler(clock);
    private final List<String> log = new ArrayList<>();

    private ScheduledTask task(String name) {
        return scheduler.newTask(name, () -> log.add(name));
    }

    @Test
    void sameJiffyTasksRestoredInAnyOrderRunInTheirSavedOrder() {
        List<ScheduledTask> tasks = new ArrayList<>();
        for (String name : List.of("a", "b", "c", "d", "e")) {
            ScheduledTask t = task(name);
            t.reschedule(5);
            tasks.add(t);
        }
        ScheduledTask later = task("later");
        later.reschedule(7);
        ScheduledTask earlier = task("earlier");
        earlier.reschedule(3);
        tasks.get(1).reschedule(5);    // b re-armed: now after e at jiffy 5
        List<TaskSlot> slots = new ArrayList<>();
        List<ScheduledTask> all = new ArrayList<>(tasks);
        all.add(later);
        all.add(earlier);
        for (ScheduledTask t : all) {
            slots.add(Objects.requireNonNull(t.slot()));
        }
        long next = scheduler.nextSequence();
        scheduler.advance(10);
        List<String> before = new ArrayList<>(log);
        assertThat(before).containsExactly("earlier", "a", "c", "d", "e", "b", "later");

        // the same tasks restored, put back in reverse and shuffled orders: the same runs
        for (int[] order : new int[][] {{6, 5, 4, 3, 2, 1, 0}, {2, 0, 6, 4, 1, 5, 3}}) {
            log.clear();
            clock.restore(0);
            scheduler.clearForRestore();
            for (int i : order) {
                all.get(i).restore(slots.get(i));
            }
            scheduler.restoreCounters(next, 0);
            ScheduledTask fresh = task("fresh");
            fresh.reschedule(5);
            scheduler.advance(10);
            assertThat(log).containsExactly("earlier", "a", "c", "d", "e", "b", "fresh", "later");
        }
    }

    @Test
    void anIdleTimerIsNullAndRestoringNullLeavesItIdle() {
        ScheduledTask t = task("t");
        assertThat(t.slot()).isNull();
        t.reschedule(2);
        assertThat(t.slot()).isNotNull();
        t.restore(null);
        assertThat(t.isPending()).isFalse();
        assertThat(scheduler.pendingTasks()).isZero();
    }

    @Test
    void clearingForRestoreUnqueuesEveryTaskAndTheyCanBeQueuedAgain() {
        for (int i = 0; i < 100; i++) {
            task("t" + i).reschedule(i % 7);
        }
        scheduler.clearForRestore();
        assertThat(scheduler.pendingTasks()).isZero();
        scheduler.advance(10);
        assertThat(log).isEmpty();
        task("x").reschedule(1);
        scheduler.advance(1);
        assertThat(log).containsExactly("x");
    }
}
