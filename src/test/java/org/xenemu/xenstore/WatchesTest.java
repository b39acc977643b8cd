package org.xenemu.xenstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.xenemu.error.Errno;

/** XENSTORE.md "Watches". */
class WatchesTest extends XsFixture {
    final Recorder events = new Recorder();
    final XsConnection watcher = xs.connect(0, true, events);

    @Test
    void watchQueuesAnInitialEventWithThePathAsGiven() {
        watcher.watch("/nope/x", "t");
        assertThat(events.drain()).containsExactly("/nope/x|t");
    }

    @Test
    void duplicateWatchIsEexistAndUnknownUnwatchIsEnoent() {
        watcher.watch("/a", "t");
        assertErrno(Errno.EEXIST, () -> watcher.watch("/a", "t"));
        watcher.watch("/a", "t2");
        assertErrno(Errno.ENOENT, () -> watcher.unwatch("/a", "t3"));
        watcher.unwatch("/a", "t");
        dom0.write(0, "/a", b("1"));
        assertThat(events.drain()).containsExactly("/a|t", "/a|t2", "/a|t2");
    }

    @Nested
    class Firing {
        /** C's send_event drops an event identical to one still queued for the connection. */
        @Test
        void twoWatchesWithOneTokenMatchingOneChangeGiveOneEventAsC() {
            dom0.write(0, "/dup/a", b("0"));
            watcher.watch("/dup", "t");
            watcher.watch("/dup/a", "t");
            watcher.watch("/dup/a", "other");
            events.drain();
            dom0.setPerms(0, "/dup", List.of("n0"));
            dom0.write(0, "/dup/a", b("1"));
            assertThat(events.drain()).containsExactlyInAnyOrder("/dup|t", "/dup/a|t", "/dup/a|other");
        }

        @Test
        void identicalEventsOfSeparateChangesAreEachDelivered() {
            watcher.watch("/dup", "t");
            events.drain();
            dom0.write(0, "/dup/a", b("1"));
            dom0.write(0, "/dup/a", b("2"));
            assertThat(events.drain()).containsExactly("/dup/a|t", "/dup/a|t");
        }

        @Test
        void writeFiresOnceForTheNamedNodeReachingAncestorWatches() {
            watcher.watch("/w", "anc");
            watcher.watch("/w/a/b", "exact");
            watcher.watch("/w/a/b/c", "below");
            events.drain();
            dom0.write(0, "/w/a/b", b("1"));
            assertThat(events.drain()).containsExactlyInAnyOrder("/w/a/b|anc", "/w/a/b|exact");
        }

        @Test
        void rootWatchSeesEverything() {
            watcher.watch("/", "root");
            events.drain();
            dom0.write(0, "/x/y", b("1"));
            assertThat(events.drain()).containsExactly("/x/y|root");
        }

        @Test
        void mkdirFiresOnceAndMkdirOfExistingNodeFiresNothing() {
            watcher.watch("/m", "t");
            events.drain();
            dom0.mkdir(0, "/m/a/b");
            assertThat(events.drain()).containsExactly("/m/a/b|t");
            dom0.mkdir(0, "/m/a/b");
            assertThat(events.drain()).isEmpty();
        }

        @Test
        void rmFiresForTheNodeAndForExactWatchesOnRemovedDescendants() {
            dom0.write(0, "/r/a/b/c", b("1"));
            dom0.write(0, "/r/a/d", b("1"));
            watcher.watch("/r", "anc");
            watcher.watch("/r/a/b/c", "exact-desc");
            watcher.watch("/r/a/d/e", "missing-desc");
            events.drain();
            dom0.rm(0, "/r/a");
            assertThat(events.drain()).containsExactlyInAnyOrder("/r/a|anc", "/r/a/b/c|exact-desc");
        }

        @Test
        void rmOfMissingNodeFiresNothing() {
            dom0.mkdir(0, "/r");
            watcher.watch("/r", "t");
            events.drain();
            dom0.rm(0, "/r/none");
            assertThat(events.drain()).isEmpty();
        }

        @Test
        void setPermsFiresForTheNode() {
            dom0.write(0, "/p", b("1"));
            watcher.watch("/p", "t");
            events.drain();
            dom0.setPerms(0, "/p", List.of("n0", "r1"));
            assertThat(events.drain()).containsExactly("/p|t");
        }

        @Test
        void relativeWatchYieldsRelativeEventPaths() {
            XsConnection g = guest(3, events);
            g.watch("memory/target", "tok");
            assertThat(events.drain()).containsExactly("memory/target|tok");
            dom0.write(0, "/local/domain/3/memory/target", b("1024"));
            assertThat(events.drain()).containsExactly("memory/target|tok");
            dom0.write(0, "/local/domain/3/memory/target/sub", b("1"));
            assertThat(events.drain()).containsExactly("memory/target/sub|tok");
        }

        @Test
        void eventsAreDeliveredInCommitOrderPerConnection() {
            watcher.watch("/o", "t");
            events.drain();
            for (int i = 0; i < 50; i++) {
                dom0.write(0, "/o/" + i, b("v"));
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                expected.add("/o/" + i + "|t");
            }
            assertThat(events.drain()).isEqualTo(expected);
        }
    }

    @Nested
    class ReadPermissionFiltering {
        @Test
        void guestIsToldOnlyAboutNodesItOrItsParentMayRead() {
            Recorder guestEvents = new Recorder();
            XsConnection g = guest(5, guestEvents);
            g.watch("/", "all");
            guestEvents.drain();
            dom0.write(0, "/secret/x", b("1"));
            dom0.write(0, "/local/domain/5/visible", b("1"));
            dom0.mkdir(0, "/open");
            dom0.setPerms(0, "/open", List.of("n0", "r5"));
            guestEvents.drain();
            dom0.write(0, "/open/child", b("1"));
            assertThat(guestEvents.drain()).containsExactly("/open/child|all");
        }

        @Test
        void watcherLosingAccessThroughSetPermsIsStillTold() {
            Recorder guestEvents = new Recorder();
            XsConnection g = guest(5, guestEvents);
            dom0.write(0, "/lose", b("1"));
            dom0.setPerms(0, "/lose", List.of("n0", "r5"));
            g.watch("/lose", "t");
            guestEvents.drain();
            dom0.setPerms(0, "/lose", List.of("n0"));
            assertThat(guestEvents.drain()).containsExactly("/lose|t");
        }
    }

    @Nested
    class Special {
        @Test
        void introduceAndReleaseFireTheSpecialWatchesForPrivilegedWatchers() {
            watcher.watch("@introduceDomain", "i");
            watcher.watch("@releaseDomain", "r");
            events.drain();
            dom0.introduce(7, 1, 1);
            assertThat(events.drain()).containsExactly("@introduceDomain|i");
            dom0.release(7);
            assertThat(events.drain()).containsExactly("@releaseDomain|r");
        }

        @Test
        void guestsGetSpecialEventsOnlyWhenGranted() {
            Recorder guestEvents = new Recorder();
            XsConnection g = guest(5, guestEvents);
            g.watch("@releaseDomain", "r");
            assertThat(guestEvents.drain()).containsExactly("@releaseDomain|r");
            dom0.introduce(8, 1, 1);
            dom0.release(8);
            assertThat(guestEvents.drain()).isEmpty();
            dom0.setPerms(0, "@releaseDomain", List.of("n0", "r5"));
            dom0.introduce(9, 1, 1);
            dom0.release(9);
            assertThat(guestEvents.drain()).containsExactly("@releaseDomain|r");
        }

        @Test
        void watchOfAnyAtNameIsAcceptedAndFiresItsInitialEventLikeC() {
            for (String name : List.of("@foo", "@", "@a/b", "@foo bar!", "@foo/../x")) {
                watcher.watch(name, "t");
                assertThat(events.drain()).as(name).containsExactly(name + "|t");
            }
            assertErrno(Errno.EEXIST, () -> watcher.watch("@foo", "t"));
            watcher.unwatch("@foo", "t");
            watcher.unwatch("@", "t");
        }

        @Test
        void guestsMayWatchAnyAtNameToo() {
            Recorder guestEvents = new Recorder();
            XsConnection g = guest(5, guestEvents);
            g.watch("@foo", "t");
            assertThat(guestEvents.drain()).containsExactly("@foo|t");
            g.unwatch("@foo", "t");
        }

        @Test
        void atNameUpTo2048BytesIsAcceptedLongerIsEinval() {
            String longest = "@" + "a".repeat(2047);
            watcher.watch(longest, "t");
            assertThat(events.drain()).containsExactly(longest + "|t");
            watcher.unwatch(longest, "t");
            assertErrno(Errno.EINVAL, () -> watcher.watch(longest + "a", "t"));
            assertErrno(Errno.ENOENT, () -> watcher.unwatch(longest + "a", "t"));
        }

        @Test
        void unwatchOfAnUnknownAtNameIsEnoent() {
            assertErrno(Errno.ENOENT, () -> watcher.unwatch("@never", "t"));
            assertErrno(Errno.ENOENT, () -> watcher.unwatch("@introduceDomain", "t"));
            watcher.watch("@foo", "t");
            assertErrno(Errno.ENOENT, () -> watcher.unwatch("@foo", "u"));
        }

        @Test
        void getAndSetPermsOfAnArbitraryAtNameStayEinval() {
            assertErrno(Errno.EINVAL, () -> dom0.getPerms(0, "@foo"));
            assertErrno(Errno.EINVAL, () -> dom0.setPerms(0, "@foo", List.of("n0")));
            assertErrno(Errno.EINVAL, () -> dom0.read(0, "@foo"));
            assertErrno(Errno.EINVAL, () -> dom0.write(0, "@foo", b("1")));
        }

        @Test
        void otherAtNamesSeeNeitherSpecialEventsNorNodeChanges() {
            watcher.watch("@", "a");
            watcher.watch("@introduceDomain/x", "b");
            watcher.watch("@introduceDomai", "c");
            watcher.watch("@x", "d");
            events.drain();
            dom0.introduce(7, 1, 1);
            dom0.release(7);
            dom0.write(0, "/x", b("1"));
            assertThat(events.drain()).isEmpty();
        }

        @Test
        void specialWatchesDoNotSeeNodeChanges() {
            watcher.watch("@introduceDomain", "i");
            events.drain();
            dom0.write(0, "/x", b("1"));
            assertThat(events.drain()).isEmpty();
        }
    }

    @Nested
    class Lifecycle {
        @Test
        void resetWatchesDropsWatchesAndTransactions() {
            watcher.watch("/a", "t");
            long tx = watcher.transactionStart(0);
            watcher.resetWatches();
            events.drain();
            dom0.write(0, "/a", b("1"));
            assertThat(events.drain()).isEmpty();
            assertErrno(Errno.ENOENT, () -> watcher.transactionEnd(tx, true));
        }

        @Test
        void sinkRefusingAnEventClosesItsConnection() {
            AtomicInteger delivered = new AtomicInteger();
            XsConnection slow = xs.connect(0, true, (p, t) -> delivered.incrementAndGet() < 3);
            slow.watch("/s", "t");
            dom0.write(0, "/s/1", b("1"));
            dom0.write(0, "/s/2", b("1"));
            assertThat(delivered.get()).isEqualTo(3);
            assertErrno(Errno.EIO, () -> slow.read(0, "/"));
            dom0.write(0, "/s/3", b("1"));
            assertThat(delivered.get()).isEqualTo(3);
            assertThat(xs.quota(0).usage().get("watches")).isZero();
        }

        @Test
        void closeDropsTheWatches() {
            watcher.watch("/c", "t");
            watcher.close();
            events.drain();
            dom0.write(0, "/c", b("1"));
            assertThat(events.drain()).isEmpty();
        }

        @Test
        void sinkIsCalledOutsideTheStoreLock() {
            List<String> seen = new ArrayList<>();
            XsConnection[] self = new XsConnection[1];
            self[0] = xs.connect(0, true, (p, t) -> {
                seen.add(s(dom0.read(0, "/local/domain/0/name")));
                dom0.write(0, "/from-sink/" + seen.size(), b("x"));
                return true;
            });
            self[0].watch("/trigger", "t");
            dom0.write(0, "/trigger", b("1"));
            assertThat(seen).containsExactly("Domain-0", "Domain-0");
            assertThat(dom0.directory(0, "/from-sink")).containsExactly("1", "2");
        }
    }
}
