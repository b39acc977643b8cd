package org.xenemu.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;

class SchedulerTest {
    private final FakeWall wall = new FakeWall();
    private final VirtualClock clock = new VirtualClock(250, ClockMode.MANUAL, 1.0, wall);
    private final Scheduler scheduler = new Scheduler(clock);
    private final List<String> log = new ArrayList<>();

    @Nested
    class Ordering {
        @Test
        void tasksRunInDueJiffyOrder() {
            scheduler.schedule("c", 30, () -> log.add("c"));
            scheduler.schedule("a", 10, () -> log.add("a"));
            scheduler.schedule("b", 20, () -> log.add("b"));
            scheduler.advance(100);
            assertThat(log).containsExactly("a", "b", "c");
        }

        @Test
        void tiesRunInSubmissionOrder() {
            for (int i = 0; i < 50; i++) {
                String name = "t" + i;
                scheduler.schedule(name, 5, () -> log.add(name));
            }
            scheduler.advance(5);
            assertThat(log).hasSize(50);
            for (int i = 0; i < 50; i++) {
                assertThat(log.get(i)).isEqualTo("t" + i);
            }
        }

        @Test
        void eachTaskSeesTheClockAtItsDueJiffy() {
            List<Long> seen = new ArrayList<>();
            scheduler.schedule("a", 7, () -> seen.add(clock.jiffies()));
            scheduler.schedule("b", 250, () -> seen.add(clock.jiffies()));
            scheduler.advance(1000);
            assertThat(seen).containsExactly(7L, 250L);
            assertThat(clock.jiffies()).isEqualTo(1000);
        }

        @Test
        void tasksBeyondTheAdvanceStayQueued() {
            scheduler.schedule("later", 101, () -> log.add("later"));
            scheduler.advance(100);
            assertThat(log).isEmpty();
            assertThat(scheduler.pendingTasks()).isEqualTo(1);
            scheduler.advance(1);
            assertThat(log).containsExactly("later");
        }
    }

    @Nested
    class TasksSchedulingTasks {
        @Test
        void aTaskQueuedForTheCurrentJiffyRunsWithinTheSameAdvance() {
            scheduler.schedule("first", 10, () -> {
                log.add("first@" + clock.jiffies());
                scheduler.schedule("now", 0, () -> log.add("now@" + clock.jiffies()));
            });
            scheduler.advance(10);
            assertThat(log).containsExactly("first@10", "now@10");
        }

        @Test
        void aTaskQueuedForTheCurrentJiffyRunsAfterTasksAlreadyDueThen() {
            scheduler.schedule("a", 10, () -> {
                log.add("a");
                scheduler.schedule("c", 0, () -> log.add("c"));
            });
            scheduler.schedule("b", 10, () -> log.add("b"));
            scheduler.advance(10);
            assertThat(log).containsExactly("a", "b", "c");
        }

        @Test
        void aTaskCanCancelAnother() {
            ScheduledTask victim = scheduler.schedule("victim", 20, () -> log.add("victim"));
            scheduler.schedule("killer", 10, victim::cancel);
            scheduler.advance(30);
            assertThat(log).isEmpty();
            assertThat(victim.isPending()).isFalse();
        }

        @Test
        void periodicReArmingReusesTheTask() {
            AtomicLong runs = new AtomicLong();
            ScheduledTask[] self = new ScheduledTask[1];
            self[0] = scheduler.newTask("periodic", () -> {
                runs.incrementAndGet();
                self[0].reschedule(250);
            });
            self[0].reschedule(250);
            scheduler.advance(250 * 60);
            assertThat(runs.get()).isEqualTo(60);
            assertThat(scheduler.pendingTasks()).isEqualTo(1);
        }
    }

    @Nested
    class AgainstAModel {
        /**
         * Tasks that, when run, re-arm, move and cancel tasks (their own jiffy, the past, the
         * future, in and out of the bucket being run) run in exactly the order of a plain model:
         * the least (due jiffy, sequence) among the queued tasks due by the end of the advance.
         */
        @Test
        void everyRunIsTheLeastQueuedDueJiffyAndSequence() {
            for (long seed = 1; seed <= 40; seed++) {
                runAgainstModel(seed);
            }
        }

        @Test
        void aTaskQueuedInThePastWhileItsJiffyRunsRunsBeforeTheRestOfThatJiffy() {
            ScheduledTask[] past = new ScheduledTask[1];
            past[0] = scheduler.newTask("past", () -> log.add("past@" + clock.jiffies()));
            scheduler.schedule("a", 10, () -> {
                log.add("a");
                past[0].rescheduleAt(3);
            });
            scheduler.schedule("b", 10, () -> log.add("b"));
            scheduler.advance(20);
            assertThat(log).containsExactly("a", "past@10", "b");
            assertThat(scheduler.pendingTasks()).isZero();
        }

        @Test
        void theLastTaskOfAJiffyEmptiesItAndTheNextAdvanceFindsNothingLeftOver() {
            scheduler.schedule("only", 10, () -> log.add("only"));
            scheduler.advance(10);
            scheduler.schedule("next", 0, () -> log.add("next@" + clock.jiffies()));
            scheduler.advance(0);
            assertThat(log).containsExactly("only", "next@10");
            assertThat(scheduler.pendingTasks()).isZero();
        }

        private void runAgainstModel(long seed) {
            java.util.Random random = new java.util.Random(seed);
            Scheduler s = new Scheduler(new VirtualClock(250, ClockMode.MANUAL, 1.0, new FakeWall()));
            int n = 30;
            ScheduledTask[] tasks = new ScheduledTask[n];
            long[] due = new long[n];
            long[] seq = new long[n];
            boolean[] queued = new boolean[n];
            long[] nextSeq = {0};
            long[] target = {0};
            int[] runs = {0};
            for (int i = 0; i < n; i++) {
                int me = i;
                tasks[i] = s.newTask("t" + i, () -> {
                    int expected = -1;
                    for (int k = 0; k < n; k++) {
                        if (queued[k] && due[k] <= target[0] && (expected < 0 || due[k] < due[expected]
                                || due[k] == due[expected] && seq[k] < seq[expected])) {
                            expected = k;
                        }
                    }
                    assertThat(me).as("seed %d, run %d", seed, runs[0]).isEqualTo(expected);
                    queued[me] = false;
                    runs[0]++;
                    long now = s.clock().jiffies();
                    for (int actions = random.nextInt(4); actions > 0; actions--) {
                        int other = random.nextInt(n);
                        switch (random.nextInt(5)) {
                            case 0 -> {
                                tasks[other].cancel();
                                queued[other] = false;
                            }
                            case 1 -> {
                                long at = Math.max(0, now - random.nextInt(5));
                                tasks[other].rescheduleAt(at);
                                model(due, seq, queued, nextSeq, other, at);
                            }
                            default -> {
                                long delay = random.nextInt(3) == 0 ? 0 : random.nextInt(40);
                                tasks[other].reschedule(delay);
                                model(due, seq, queued, nextSeq, other, now + delay);
                            }
                        }
                    }
                });
                long delay = random.nextInt(40);
                tasks[i].reschedule(delay);
                model(due, seq, queued, nextSeq, i, delay);
            }
            for (int step = 0; step < 30; step++) {
                target[0] = s.clock().jiffies() + random.nextInt(20);
                s.advance(target[0] - s.clock().jiffies());
                long left = 0;
                for (int k = 0; k < n; k++) {
                    assertThat(queued[k] && due[k] <= target[0]).as("seed %d: t%d left behind", seed, k).isFalse();
                    assertThat(tasks[k].isPending()).isEqualTo(queued[k]);
                    left += queued[k] ? 1 : 0;
                }
                assertThat(s.pendingTasks()).isEqualTo(left);
            }
            assertThat(runs[0]).as("seed %d ran tasks", seed).isPositive();
        }

        private static void model(long[] due, long[] seq, boolean[] queued, long[] nextSeq, int task, long at) {
            due[task] = at;
            seq[task] = nextSeq[0]++;
            queued[task] = true;
        }
    }

    @Nested
    class Cancelling {
        @Test
        void cancelledTaskNeverRuns() {
            ScheduledTask task = scheduler.schedule("x", 5, () -> log.add("x"));
            task.cancel();
            scheduler.advance(10);
            assertThat(log).isEmpty();
        }

        @Test
        void cancelOfAnIdleTaskIsHarmless() {
            ScheduledTask task = scheduler.newTask("idle", () -> log.add("idle"));
            task.cancel();
            task.cancel();
            assertThat(task.isPending()).isFalse();
        }

        @Test
        void reschedulingMovesAQueuedTask() {
            ScheduledTask task = scheduler.schedule("x", 5, () -> log.add("x@" + clock.jiffies()));
            task.reschedule(50);
            scheduler.advance(100);
            assertThat(log).containsExactly("x@50");
        }

        @Test
        void removingFromTheMiddleOfTheHeapKeepsOrder() {
            List<ScheduledTask> tasks = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int due = (i * 37) % 100;
                tasks.add(scheduler.schedule("t" + due, due, () -> log.add(Integer.toString(due))));
            }
            for (int i = 0; i < 100; i += 3) {
                tasks.get(i).cancel();
            }
            scheduler.advance(200);
            List<Integer> ran = log.stream().map(Integer::parseInt).toList();
            assertThat(ran).isSorted().hasSize(66);
        }
    }

    @Nested
    class LongAdvances {
        @Test
        void advancingDaysRunsEachPeriodicTaskOncePerPeriodWithoutStepping() {
            AtomicLong runs = new AtomicLong();
            for (int i = 0; i < 100; i++) {
                ScheduledTask[] self = new ScheduledTask[1];
                self[0] = scheduler.newTask("p" + i, () -> {
                    runs.incrementAndGet();
                    self[0].reschedule(clock.secondsToJiffies(3600));
                });
                self[0].reschedule(clock.secondsToJiffies(3600));
            }
            scheduler.advance(clock.secondsToJiffies(3 * 24 * 3600));
            assertThat(runs.get()).isEqualTo(100L * 72);
            assertThat(clock.jiffies()).isEqualTo(250L * 3 * 24 * 3600);
        }

        @Test
        void advanceByNanosMayEndBetweenTicks() {
            scheduler.advanceNanos(6_000_000);
            assertThat(clock.nanos()).isEqualTo(6_000_000);
            assertThat(clock.jiffies()).isEqualTo(1);
        }

        @Test
        void aFailingTaskDoesNotStopTime() {
            scheduler.schedule("boom", 1, () -> {
                throw new IllegalStateException("boom");
            });
            scheduler.schedule("after", 2, () -> log.add("after"));
            scheduler.advance(5);
            assertThat(log).containsExactly("after");
        }
    }

    @Nested
    class Refusals {
        @Test
        void advanceInRealtimeModeIsEbusy() {
            clock.reconfigure(ClockMode.REALTIME, 1.0);
            assertThatThrownBy(() -> scheduler.advance(1))
                    .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBUSY));
        }

        @Test
        void negativeAdvanceIsEinval() {
            assertThatThrownBy(() -> scheduler.advance(-1))
                    .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
        }

        @Test
        void negativeDelayIsRefused() {
            assertThatThrownBy(() -> scheduler.schedule("x", -1, () -> { }))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Realtime {
        @Test
        void runDueRunsOnlyWhatTheWallClockHasReached() {
            clock.reconfigure(ClockMode.REALTIME, 1.0);
            scheduler.schedule("soon", 25, () -> log.add("soon"));
            scheduler.schedule("late", 500, () -> log.add("late"));
            wall.advance(100_000_000); // 100 ms = 25 jiffies at HZ 250
            scheduler.runDue();
            assertThat(log).containsExactly("soon");
        }

        @Test
        void driverThreadRunsDueTasksInRealtimeMode() throws Exception {
            VirtualClock realClock = new VirtualClock(1000, ClockMode.REALTIME, 1.0, WallClock.SYSTEM);
            Scheduler realScheduler = new Scheduler(realClock);
            ClockDriver driver = new ClockDriver(realScheduler);
            java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(1);
            realScheduler.schedule("tick", 5, ran::countDown);
            driver.start();
            try {
                assertThat(ran.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            } finally {
                driver.stop();
            }
        }
    }

    static final class FakeWall implements WallClock {
        private long now = 1_000_000_000L;

        @Override
        public long nanoTime() {
            return now;
        }

        void advance(long nanos) {
            now += nanos;
        }
    }
}
