package org.xenemu.xenstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.xenemu.error.Errno;
import org.xenemu.xenstore.store.Quotas;

/** XENSTORE.md "Quotas": unprivileged domains only, 0 disables one, a hit changes nothing. */
class QuotasTest extends XsFixture {
    void useQuotas(Quotas q) {
        xs = withQuotas(q);
        dom0 = xs.connect(0, true, dom0Events);
    }

    static Quotas with(int nodes, int watches, int transactions, int txNodes, int nodeSize, int perms, int pathMax) {
        return new Quotas(nodes, watches, transactions, txNodes, nodeSize, perms, pathMax, 20);
    }

    @Test
    void nodesAreCountedAgainstTheirOwnerAndLimited() {
        useQuotas(with(5, 128, 10, 1024, 2048, 5, 2048));
        XsConnection g = guest(1); // the home is owned by the guest: 1 node
        assertThat(xs.quota(1).usage().get("nodes")).isEqualTo(1);
        g.write(0, "a", b("1"));
        g.write(0, "b/c", b("1"));
        assertThat(xs.quota(1).usage().get("nodes")).isEqualTo(4);
        assertErrno(Errno.ENOSPC, () -> g.write(0, "d/e", b("1")));
        assertErrno(Errno.ENOENT, () -> g.read(0, "d"));
        g.write(0, "d", b("1"));
        assertErrno(Errno.ENOSPC, () -> g.mkdir(0, "f"));
        g.rm(0, "b");
        g.mkdir(0, "f");
        dom0.write(0, "/local/domain/1/by-dom0", b("1"));
    }

    @Test
    void zeroDisablesAQuota() {
        useQuotas(with(0, 0, 0, 0, 0, 0, 0));
        XsConnection g = guest(1);
        for (int i = 0; i < 1100; i++) {
            g.mkdir(0, "n" + i);
        }
        g.write(0, "big", new byte[4000]);
        g.setPerms(0, "big", List.of("n1", "r2", "r3", "r4", "r5", "r6", "r7"));
        for (int i = 0; i < 12; i++) {
            g.transactionStart(0);
        }
    }

    @Test
    void nodeSizeCountsValueChildNamesAndPermsForGuestsOnly() {
        XsConnection g = guest(1);
        // C: 24-byte header + 8 per perm + value; at or above 2048 is ENOSPC
        g.write(0, "fits", new byte[2048 - 24 - 16 - 1]);
        assertErrno(Errno.ENOSPC, () -> g.write(0, "too-big", new byte[2048 - 24 - 16]));
        assertErrno(Errno.ENOENT, () -> g.read(0, "too-big"));
        dom0.write(0, "/local/domain/1/dom0-big", new byte[4000]);
        g.mkdir(0, "parent");
        g.write(0, "parent", new byte[2048 - 24 - 16 - 1 - 3]);
        assertErrno(Errno.ENOSPC, () -> g.mkdir(0, "parent/abc"));
    }

    @Test
    void watchesAreLimitedPerDomainWithE2bigAsCDoes() {
        useQuotas(with(1000, 3, 10, 1024, 2048, 5, 2048));
        XsConnection g = guest(1);
        XsConnection g2 = xs.connect(1, false, WatchSink.DISCARD);
        g.watch("a", "1");
        g.watch("a", "2");
        g2.watch("a", "3");
        assertErrno(Errno.E2BIG, () -> g2.watch("a", "4"));
        g.unwatch("a", "1");
        g2.watch("a", "4");
        for (int i = 0; i < 10; i++) {
            dom0.watch("/x", "t" + i);
        }
        assertThat(xs.quota(1).usage().get("watches")).isEqualTo(3);
    }

    @Test
    void transactionsAreLimitedPerDomain() {
        useQuotas(with(1000, 128, 2, 1024, 2048, 5, 2048));
        XsConnection g = guest(1);
        long t1 = g.transactionStart(0);
        g.transactionStart(0);
        assertErrno(Errno.ENOSPC, () -> g.transactionStart(0));
        g.transactionEnd(t1, false);
        g.transactionStart(0);
        assertThat(xs.quota(1).usage().get("transactions")).isEqualTo(2);
        for (int i = 0; i < 5; i++) {
            dom0.transactionStart(0);
        }
    }

    @Test
    void transactionNodesLimitWhatOneTransactionTouches() {
        useQuotas(with(1000, 128, 10, 4, 2048, 5, 2048));
        XsConnection g = guest(1);
        long tx = g.transactionStart(0);
        g.write(tx, "a", b("1")); // touches a and the home
        g.write(tx, "b", b("1"));
        g.write(tx, "c", b("1"));
        assertErrno(Errno.ENOSPC, () -> g.write(tx, "d", b("1")));
        g.transactionEnd(tx, true);
        assertThat(g.directory(0, "/local/domain/1")).containsExactly("a", "b", "c");
    }

    /** C's is_valid_nodename checks path-max for every caller (measured on C 4.17.7 from dom0). */
    @Test
    void pathMaxLimitsThePartBelowTheHomeForEveryCallerDom0IncludedAsC() {
        useQuotas(with(1000, 128, 10, 1024, 2048, 5, 20));
        XsConnection g = guest(1);
        g.write(0, "a".repeat(20), b("1"));
        assertErrno(Errno.EINVAL, () -> g.write(0, "a".repeat(21), b("1")));
        dom0.write(0, "/local/domain/1/" + "b".repeat(20), b("1"));
        assertErrno(Errno.EINVAL, () -> dom0.write(0, "/local/domain/1/" + "b".repeat(21), b("1")));
        assertErrno(Errno.EINVAL, () -> dom0.read(0, "/" + "c".repeat(20))); // 21 bytes, no home to discount
    }

    @Test
    void quotaReportShowsLimitsAndUsage() {
        QuotaReport r = xs.quota(0);
        assertThat(r.privileged()).isTrue();
        assertThat(r.limits()).containsEntry("nodes", 1000L).containsEntry("watches", 128L)
                .containsEntry("transactions", 10L).containsEntry("transaction-nodes", 1024L)
                .containsEntry("node-size", 2048L).containsEntry("permissions", 5L)
                .containsEntry("path-max", 2048L).containsEntry("outstanding", 20L);
        assertThat(r.usage().get("nodes")).isEqualTo(7);
    }

    /**
     * The nodes quota re-checked at TRANSACTION_END, as C xenstored 4.17.7 answers (each case
     * measured on the real daemon with {@code -E 5}, guest over a ring): a committing guest
     * transaction that tried to create a node must leave every unprivileged domain it changed
     * below the quota, or the commit is ENOSPC, changes nothing and ends the transaction. Inside
     * the transaction a create is refused only when the committed count is already at the quota.
     */
    @Nested
    class AtCommit {
        XsConnection g;
        String home = "/local/domain/1";

        @org.junit.jupiter.api.BeforeEach
        void quotaOfFive() {
            useQuotas(with(5, 128, 10, 1024, 2048, 5, 2048));
            g = guest(1); // the home: 1 node
        }

        long nodes() {
            return xs.quota(1).usage().get("nodes");
        }

        @Test
        void twoTransactionsEachWithinQuotaCannotTogetherPassIt() {
            g.write(0, "a", b("1"));
            long t1 = g.transactionStart(0);
            long t2 = g.transactionStart(0);
            g.write(t1, "b", b("1"));
            g.write(t1, "c", b("1"));
            g.write(t2, "d", b("1"));
            g.write(t2, "e", b("1"));
            g.transactionEnd(t1, true);
            assertThat(nodes()).isEqualTo(4);
            assertErrno(Errno.ENOSPC, () -> g.transactionEnd(t2, true));
            assertThat(nodes()).isEqualTo(4);
            assertThat(g.directory(0, home)).containsExactly("a", "b", "c");
            assertErrno(Errno.ENOENT, () -> g.transactionEnd(t2, true)); // gone, as after EAGAIN
            assertThat(xs.quota(1).usage().get("transactions")).isZero();
        }

        @Test
        void aTransactionPlusDirectWritesCannotPassIt() {
            g.write(0, "a", b("1"));
            g.write(0, "b", b("1"));
            long tx = g.transactionStart(0);
            g.write(tx, "c", b("1"));
            g.write(0, "d", b("1"));
            assertErrno(Errno.ENOSPC, () -> g.transactionEnd(tx, true));
            assertThat(nodes()).isEqualTo(4);
        }

        @Test
        void aCreatingTransactionMustStayBelowTheQuotaWhichDirectWritesMayFill() {
            g.write(0, "a", b("1"));
            g.write(0, "b", b("1"));
            long below = g.transactionStart(0);
            g.write(below, "c", b("1"));
            g.transactionEnd(below, true);
            long exactly = g.transactionStart(0);
            g.write(exactly, "d", b("1"));
            assertErrno(Errno.ENOSPC, () -> g.transactionEnd(exactly, true));
            g.write(0, "d", b("1"));
            assertThat(nodes()).isEqualTo(5);
        }

        @Test
        void transactionsThatOnlyModifyOrRemoveAreNotChecked() {
            for (String n : List.of("a", "b", "c", "d", "e", "f")) {
                dom0.write(0, home + "/" + n, b("1")); // dom0 may push the guest past its quota
            }
            assertThat(nodes()).isEqualTo(7);
            long modify = g.transactionStart(0);
            g.write(modify, "a", b("2"));
            g.mkdir(modify, "b");
            g.transactionEnd(modify, true);
            long remove = g.transactionStart(0);
            g.rm(remove, "e");
            g.rm(remove, "f");
            g.transactionEnd(remove, true);
            assertThat(nodes()).isEqualTo(5);
        }

        @Test
        void aCreateThatFailedStillMakesTheCommitChecked() {
            for (String n : List.of("a", "b", "c", "d", "e", "f")) {
                dom0.write(0, home + "/" + n, b("1"));
            }
            long tx = g.transactionStart(0);
            g.rm(tx, "e");
            g.rm(tx, "f");
            assertErrno(Errno.ENOSPC, () -> g.write(tx, "z", b("1")));
            assertErrno(Errno.ENOSPC, () -> g.transactionEnd(tx, true));
            assertThat(nodes()).isEqualTo(7);
            assertThat(g.directory(0, home)).contains("e", "f");
        }

        @Test
        void privilegedCommitsAndDom0sOwnCountAreNotChecked() {
            for (String n : List.of("a", "b", "c", "d", "e", "f")) {
                dom0.write(0, home + "/" + n, b("1"));
            }
            long byDom0 = dom0.transactionStart(0);
            dom0.write(byDom0, home + "/g", b("1")); // owned by the guest: inherited
            dom0.transactionEnd(byDom0, true);
            assertThat(nodes()).isEqualTo(8);
            XsConnection g2 = guest(2);
            dom0.write(0, "/local/domain/2/d0", b("1"));
            dom0.setPerms(0, "/local/domain/2/d0", List.of("n0", "b2"));
            long tx = g2.transactionStart(0);
            g2.rm(tx, "d0"); // changes dom0's count, which owns more than 5 nodes
            g2.write(tx, "mine", b("1"));
            g2.transactionEnd(tx, true);
            assertThat(xs.quota(2).usage().get("nodes")).isEqualTo(2);
        }

        @Test
        void insideATransactionOnlyTheCommittedCountIsCheckedAsInC() {
            g.write(0, "a", b("1"));
            long tx = g.transactionStart(0);
            g.write(tx, "x/y/z", b("1")); // 2 owned + 3: allowed inside, like C
            g.write(tx, "w", b("1"));
            assertErrno(Errno.ENOSPC, () -> g.transactionEnd(tx, true));
            assertThat(nodes()).isEqualTo(2);
            g.write(0, "b", b("1"));
            g.write(0, "c", b("1"));
            long churn = g.transactionStart(0); // 4 owned: create 3, remove 3 → 4 at commit
            for (String n : List.of("p", "q", "r")) {
                g.write(churn, n, b("1"));
            }
            for (String n : List.of("a", "b", "c")) {
                g.rm(churn, n);
            }
            g.transactionEnd(churn, true);
            assertThat(g.directory(0, home)).containsExactly("p", "q", "r");
            g.write(0, "s", b("1"));
            long full = g.transactionStart(0); // 5 owned: a create inside is refused at once
            assertErrno(Errno.ENOSPC, () -> g.write(full, "t", b("1")));
            g.transactionEnd(full, true);
        }

        @Test
        void theQuotaCheckComesBeforeTheConflictCheck() {
            g.write(0, "a", b("1"));
            g.write(0, "b", b("1"));
            g.write(0, "c", b("1"));
            long tx = g.transactionStart(0);
            g.read(tx, "a");
            g.write(tx, "x", b("1"));
            dom0.write(0, home + "/a", b("changed"));
            assertErrno(Errno.ENOSPC, () -> g.transactionEnd(tx, true));
        }
    }
}
