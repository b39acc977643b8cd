package org.xenemu.xenstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.xenemu.error.Errno;

/** docs/xenstore.md "Transactions", including the whole measured conflict table. */
class TransactionsTest extends XsFixture {
    final XsConnection other = xs.connect(0, true, WatchSink.DISCARD);

    @Test
    void idsAreNonZeroAndDistinctWhileOpen() {
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            long id = dom0.transactionStart(0);
            assertThat(id).isNotZero();
            assertThat(ids.add(id)).isTrue();
        }
    }

    @Test
    void nestedStartIsEbusyAndUnknownIdIsEnoent() {
        long tx = dom0.transactionStart(0);
        assertErrno(Errno.EBUSY, () -> dom0.transactionStart(tx));
        assertErrno(Errno.ENOENT, () -> dom0.transactionStart(tx + 100));
        assertErrno(Errno.ENOENT, () -> dom0.transactionEnd(tx + 100, true));
        assertErrno(Errno.ENOENT, () -> dom0.transactionEnd(0, true));
        assertErrno(Errno.ENOENT, () -> dom0.read(tx + 100, "/"));
    }

    @Test
    void someoneElsesTransactionIsEnoent() {
        long tx = dom0.transactionStart(0);
        assertErrno(Errno.ENOENT, () -> other.read(tx, "/"));
        assertErrno(Errno.ENOENT, () -> other.transactionEnd(tx, true));
        dom0.transactionEnd(tx, true);
    }

    @Test
    void changesAreInvisibleOutsideUntilCommit() {
        dom0.write(0, "/iso", b("old"));
        long tx = dom0.transactionStart(0);
        dom0.write(tx, "/iso", b("new"));
        dom0.write(tx, "/iso-new/child", b("c"));
        assertThat(s(dom0.read(tx, "/iso"))).isEqualTo("new");
        assertThat(s(other.read(0, "/iso"))).isEqualTo("old");
        assertErrno(Errno.ENOENT, () -> other.read(0, "/iso-new"));
        dom0.transactionEnd(tx, true);
        assertThat(s(other.read(0, "/iso"))).isEqualTo("new");
        assertThat(s(other.read(0, "/iso-new/child"))).isEqualTo("c");
    }

    @Test
    void abortDropsChangesAndEvents() {
        dom0Events.drain();
        dom0.watch("/ab", "t");
        long tx = dom0.transactionStart(0);
        dom0.write(tx, "/ab/x", b("1"));
        dom0.transactionEnd(tx, false);
        assertErrno(Errno.ENOENT, () -> dom0.read(0, "/ab/x"));
        assertThat(dom0Events.drain()).containsExactly("/ab|t");
    }

    @Test
    void transactionSeesItsOwnRemovals() {
        dom0.write(0, "/rmx/a", b("1"));
        long tx = dom0.transactionStart(0);
        dom0.rm(tx, "/rmx/a");
        assertErrno(Errno.ENOENT, () -> dom0.read(tx, "/rmx/a"));
        assertThat(dom0.directory(tx, "/rmx")).isEmpty();
        assertThat(dom0.directory(0, "/rmx")).containsExactly("a");
        dom0.transactionEnd(tx, true);
        assertThat(dom0.directory(0, "/rmx")).isEmpty();
    }

    @Test
    void failedOperationInsideATransactionChangesNothingInIt() {
        XsConnection g = guest(1);
        long tx = g.transactionStart(0);
        assertErrno(Errno.EACCES, () -> g.write(tx, "/local/domain/0/x", b("1")));
        g.transactionEnd(tx, true);
        assertErrno(Errno.ENOENT, () -> dom0.read(0, "/local/domain/0/x"));
    }

    @Test
    void eagainCommitEndsTheTransaction() {
        dom0.write(0, "/c/x", b("1"));
        long tx = dom0.transactionStart(0);
        dom0.read(tx, "/c/x");
        other.write(0, "/c/x", b("2"));
        assertErrno(Errno.EAGAIN, () -> dom0.transactionEnd(tx, true));
        assertErrno(Errno.ENOENT, () -> dom0.transactionEnd(tx, true));
        assertThat(s(dom0.read(0, "/c/x"))).isEqualTo("2");
    }

    @Test
    void emptyTransactionCommitsAndAbortsAndIsThenGone() {
        List<String> rootBefore = dom0.directory(0, "/");
        long committed = dom0.transactionStart(0);
        dom0.transactionEnd(committed, true);
        long aborted = dom0.transactionStart(0);
        dom0.transactionEnd(aborted, false);
        assertErrno(Errno.ENOENT, () -> dom0.transactionEnd(committed, true));
        assertErrno(Errno.ENOENT, () -> dom0.transactionEnd(aborted, false));
        assertThat(xs.quota(0).usage().get("transactions")).isZero();
        assertThat(dom0.directory(0, "/")).isEqualTo(rootBefore);
    }

    @Test
    void eventsOfACommittedTransactionFireOnCommitOnce() {
        dom0.watch("/ev", "t");
        dom0Events.drain();
        long tx = dom0.transactionStart(0);
        dom0.write(tx, "/ev/a", b("1"));
        dom0.write(tx, "/ev/a", b("2"));
        dom0.write(tx, "/ev/b", b("1"));
        assertThat(dom0Events.drain()).isEmpty();
        dom0.transactionEnd(tx, true);
        assertThat(dom0Events.drain()).containsExactly("/ev/a|t", "/ev/b|t");
    }

    /**
     * A transaction answers from each node as it first accessed it, as C xenstored 4.17 does
     * (measured with the same frames on the real daemon): later commits by others are not seen,
     * the transaction's own changes are; the commit then fails with EAGAIN.
     */
    @Nested
    class FirstAccessView {
        long tx;

        @BeforeEach
        void tree() {
            dom0.write(0, "/v/x", b("v1"));
            dom0.write(0, "/v/y", b("y1"));
            tx = dom0.transactionStart(0);
        }

        @Test
        void readAfterAnOutsideWriteKeepsTheFirstValue() {
            assertThat(s(dom0.read(tx, "/v/x"))).isEqualTo("v1");
            other.write(0, "/v/x", b("v2"));
            assertThat(s(dom0.read(tx, "/v/x"))).isEqualTo("v1");
            assertErrno(Errno.EAGAIN, () -> dom0.transactionEnd(tx, true));
        }

        @Test
        void nodeFirstSeenMissingStaysEnoentAfterAnOutsideCreate() {
            assertErrno(Errno.ENOENT, () -> dom0.read(tx, "/v/m"));
            other.write(0, "/v/m", b("m1"));
            assertErrno(Errno.ENOENT, () -> dom0.read(tx, "/v/m"));
            assertErrno(Errno.ENOENT, () -> dom0.getPerms(tx, "/v/m"));
            assertThat(dom0.directory(tx, "/v")).containsExactly("x", "y");
            assertErrno(Errno.EAGAIN, () -> dom0.transactionEnd(tx, true));
        }

        @Test
        void directoryAfterAnOutsideCreateKeepsTheFirstChildList() {
            assertThat(dom0.directory(tx, "/v")).containsExactly("x", "y");
            other.write(0, "/v/z", b("z1"));
            assertThat(dom0.directory(tx, "/v")).containsExactly("x", "y");
            assertThat(dom0.children(tx, "/v")).containsExactly("x", "y");
            assertThat(dom0.directoryPart(tx, "/v", 0).chunk()).isEqualTo(b("x\0y\0\0"));
            assertErrno(Errno.EAGAIN, () -> dom0.transactionEnd(tx, true));
        }

        @Test
        void readKeepsTheFirstValueAfterTheTransactionChangesAnotherNode() {
            assertThat(s(dom0.read(tx, "/v/x"))).isEqualTo("v1");
            dom0.write(tx, "/v/y", b("y2"));
            other.write(0, "/v/x", b("v3"));
            assertThat(s(dom0.read(tx, "/v/x"))).isEqualTo("v1");
            assertThat(s(dom0.read(tx, "/v/y"))).isEqualTo("y2");
        }

        @Test
        void getPermsAfterAnOutsideSetPermsKeepsTheFirstPerms() {
            assertThat(dom0.getPerms(tx, "/v/x")).containsExactly("n0");
            other.setPerms(0, "/v/x", List.of("n0", "r3"));
            dom0.mkdir(tx, "/v/x");
            assertThat(dom0.getPerms(tx, "/v/x")).containsExactly("n0");
            assertErrno(Errno.EAGAIN, () -> dom0.transactionEnd(tx, true));
        }

        @Test
        void ownChangesLayerOnTheFirstChildList() {
            assertThat(dom0.directory(tx, "/v")).containsExactly("x", "y");
            other.write(0, "/v/n", b("o"));
            dom0.write(tx, "/v/x2", b("t"));
            assertThat(dom0.directory(tx, "/v")).containsExactly("x", "y", "x2");
            assertErrno(Errno.EAGAIN, () -> dom0.transactionEnd(tx, true));
        }

        @Test
        void nodeFirstAccessedAfterAnOutsideChangeShowsThatChange() {
            assertThat(dom0.directory(tx, "/v")).containsExactly("x", "y");
            other.rm(0, "/v/x");
            assertThat(dom0.directory(tx, "/v")).containsExactly("x", "y");
            assertErrno(Errno.ENOENT, () -> dom0.read(tx, "/v/x"));
            assertErrno(Errno.EAGAIN, () -> dom0.transactionEnd(tx, true));
        }

        @Test
        void nodeReadBeforeItsParentWasRemovedOutsideStaysReadableAndWritable() {
            assertThat(s(dom0.read(tx, "/v/x"))).isEqualTo("v1");
            other.rm(0, "/v");
            assertThat(s(dom0.read(tx, "/v/x"))).isEqualTo("v1");
            dom0.write(tx, "/v/x", b("n"));
            assertThat(s(dom0.read(tx, "/v/x"))).isEqualTo("n");
            assertErrno(Errno.EAGAIN, () -> dom0.transactionEnd(tx, true));
            assertErrno(Errno.ENOENT, () -> dom0.read(0, "/v"));
        }

        @Test
        void firstAccessAfterStartSeesCommitsMadeBeforeIt() {
            other.write(0, "/v/x", b("v2"));
            assertThat(s(dom0.read(tx, "/v/x"))).isEqualTo("v2");
            dom0.transactionEnd(tx, true);
        }

        @Test
        void unchangedFirstAccessedNodesCommit() {
            assertThat(s(dom0.read(tx, "/v/x"))).isEqualTo("v1");
            assertErrno(Errno.ENOENT, () -> dom0.read(tx, "/v/m"));
            dom0.write(tx, "/v/y", b("y2"));
            other.write(0, "/elsewhere", b("e"));
            dom0.transactionEnd(tx, true);
            assertThat(s(dom0.read(0, "/v/y"))).isEqualTo("y2");
        }
    }

    /** The table of docs/xenstore.md "Transactions", measured on C xenstored 4.17. */
    @Nested
    class ConflictTable {
        long tx;

        @BeforeEach
        void tree() {
            dom0.write(0, "/c/x", b("x"));
            dom0.write(0, "/c/z", b("z"));
            dom0.write(0, "/f/y", b("y"));
            tx = dom0.transactionStart(0);
        }

        void commitOk() {
            dom0.transactionEnd(tx, true);
        }

        void commitEagain() {
            assertErrno(Errno.EAGAIN, () -> dom0.transactionEnd(tx, true));
        }

        @Test
        void writeExistingVsWriteElsewhereIsOk() {
            dom0.write(tx, "/c/x", b("t"));
            other.write(0, "/f/y", b("o"));
            other.write(0, "/c/z", b("o"));
            commitOk();
            assertThat(s(dom0.read(0, "/c/x"))).isEqualTo("t");
        }

        @Test
        void writeExistingVsWriteSameNodeIsEagain() {
            dom0.write(tx, "/c/x", b("t"));
            other.write(0, "/c/x", b("o"));
            commitEagain();
        }

        @Test
        void writeExistingVsSetPermsIsEagain() {
            dom0.write(tx, "/c/x", b("t"));
            other.setPerms(0, "/c/x", List.of("n0", "r1"));
            commitEagain();
        }

        @Test
        void writeExistingVsMkdirExistingIsOk() {
            dom0.write(tx, "/c/x", b("t"));
            other.mkdir(0, "/c/x");
            commitOk();
        }

        @Test
        void createVsCreateSiblingIsEagain() {
            dom0.write(tx, "/c/u1", b("t"));
            other.write(0, "/c/u2", b("o"));
            commitEagain();
        }

        @Test
        void readVsCreateSiblingIsOk() {
            dom0.read(tx, "/c/x");
            other.write(0, "/c/new", b("o"));
            commitOk();
        }

        @Test
        void readVsRewriteWithSameValueIsEagain() {
            dom0.read(tx, "/c/x");
            other.write(0, "/c/x", b("x"));
            commitEagain();
        }

        @Test
        void readMissingVsCreateIsEagain() {
            assertErrno(Errno.ENOENT, () -> dom0.read(tx, "/c/nope"));
            other.write(0, "/c/nope", b("o"));
            commitEagain();
        }

        @Test
        void listVsCreateChildIsEagain() {
            dom0.directory(tx, "/c");
            other.write(0, "/c/new", b("o"));
            commitEagain();
        }

        @Test
        void listVsWriteExistingChildIsOk() {
            dom0.directory(tx, "/c");
            other.write(0, "/c/x", b("o"));
            commitOk();
        }

        @Test
        void removeVsRemoveSiblingIsEagain() {
            dom0.rm(tx, "/c/x");
            other.rm(0, "/c/z");
            commitEagain();
        }

        // further rows measured on the real C xenstored 4.17 (tools/real-xenstored)
        @Test
        void writeExistingVsRemoveSiblingIsOk() {
            dom0.write(tx, "/c/x", b("t"));
            other.rm(0, "/c/z");
            commitOk();
        }

        @Test
        void readVsRemoveAndRecreateIsEagain() {
            dom0.read(tx, "/c/x");
            other.rm(0, "/c/x");
            other.write(0, "/c/x", b("x"));
            commitEagain();
        }

        @Test
        void readVsSetPermsOfTheParentIsOk() {
            dom0.read(tx, "/c/x");
            other.setPerms(0, "/c", List.of("n0", "r1"));
            commitOk();
        }

        @Test
        void createVsSetPermsOfTheParentIsEagain() {
            dom0.write(tx, "/c/u1", b("t"));
            other.setPerms(0, "/c", List.of("n0", "r1"));
            commitEagain();
        }

        @Test
        void mkdirExistingVsWriteOfItIsEagain() {
            dom0.mkdir(tx, "/c/x");
            other.write(0, "/c/x", b("o"));
            commitEagain();
        }

        @Test
        void rmOfMissingNodeAccessesItsParent() {
            dom0.rm(tx, "/c/nope");
            other.write(0, "/c/other", b("o"));
            commitEagain();
        }

        @Test
        void readVsWriteOfTheParentsValueIsOk() {
            dom0.read(tx, "/c/x");
            other.write(0, "/c", b("o"));
            commitOk();
        }

        @Test
        void createWithParentsVsWriteExistingSiblingIsOk() {
            dom0.write(tx, "/c/a/b", b("t"));
            other.write(0, "/c/x", b("o"));
            commitOk();
        }

        @Test
        void createWithParentsVsCreateOfTheMissingParentIsEagain() {
            dom0.write(tx, "/c/a/b", b("t"));
            other.write(0, "/c/a", b("o"));
            commitEagain();
        }

        @Test
        void getPermsVsSetPermsIsEagain() {
            dom0.getPerms(tx, "/c/x");
            other.setPerms(0, "/c/x", List.of("n0", "r1"));
            commitEagain();
        }

        @Test
        void setPermsVsWriteSiblingIsOk() {
            dom0.setPerms(tx, "/c/x", List.of("n0", "r1"));
            other.write(0, "/c/z", b("o"));
            commitOk();
        }

        @Test
        void rmOfParentVsWriteOfChildIsEagain() {
            dom0.rm(tx, "/c");
            other.write(0, "/c/x", b("o"));
            commitEagain();
        }

        @Test
        void rmVsWriteOfSiblingIsOk() {
            dom0.rm(tx, "/c/x");
            other.write(0, "/c/z", b("o"));
            commitOk();
        }

        // a failed lookup reads the ancestors up to the nearest existing one, privileged callers
        // too (C's get_node → errno_from_parents); measured on C xenstored 4.17
        @Test
        void readMissingVsCreateSiblingIsEagain() {
            assertErrno(Errno.ENOENT, () -> dom0.read(tx, "/c/nope"));
            other.write(0, "/c/other", b("o"));
            commitEagain();
        }

        @Test
        void readMissingVsWriteOfTheParentsValueIsEagain() {
            assertErrno(Errno.ENOENT, () -> dom0.read(tx, "/c/nope"));
            other.write(0, "/c", b("o"));
            commitEagain();
        }

        @Test
        void readMissingUnderMissingParentVsCreateOfTheParentIsEagain() {
            assertErrno(Errno.ENOENT, () -> dom0.read(tx, "/c/a/b"));
            other.write(0, "/c/a", b("o"));
            commitEagain();
        }

        @Test
        void readMissingUnderMissingParentVsCreateUnderTheNearestAncestorIsEagain() {
            assertErrno(Errno.ENOENT, () -> dom0.read(tx, "/c/a/b"));
            other.write(0, "/c/other", b("o"));
            commitEagain();
        }

        @Test
        void readMissingUnderMissingParentVsCreateAboveTheNearestAncestorIsOk() {
            assertErrno(Errno.ENOENT, () -> dom0.read(tx, "/c/a/b"));
            other.write(0, "/zz", b("o"));
            commitOk();
        }

        @Test
        void readMissingUnderMissingTopLevelNodeVsCreateAnotherTopLevelNodeIsEagain() {
            assertErrno(Errno.ENOENT, () -> dom0.read(tx, "/zz/a"));
            other.write(0, "/other2", b("o"));
            commitEagain();
        }

        @Test
        void getPermsMissingVsCreateSiblingIsEagain() {
            assertErrno(Errno.ENOENT, () -> dom0.getPerms(tx, "/c/nope"));
            other.write(0, "/c/other", b("o"));
            commitEagain();
        }

        @Test
        void listMissingVsCreateSiblingIsEagain() {
            assertErrno(Errno.ENOENT, () -> dom0.directory(tx, "/c/nope"));
            other.write(0, "/c/other", b("o"));
            commitEagain();
        }

        @Test
        void rmMissingUnderMissingParentVsCreateUnderTheNearestAncestorIsEagain() {
            assertErrno(Errno.ENOENT, () -> dom0.rm(tx, "/c/a/b"));
            other.write(0, "/c/other", b("o"));
            commitEagain();
        }

        @Test
        void rmMissingUnderMissingParentVsCreateAboveTheNearestAncestorIsOk() {
            assertErrno(Errno.ENOENT, () -> dom0.rm(tx, "/c/a/b"));
            other.write(0, "/zz", b("o"));
            commitOk();
        }

        @Test
        void untouchedNodesNeverConflict() {
            other.write(0, "/c/x", b("o"));
            other.rm(0, "/f");
            commitOk();
        }
    }
}
