package org.xenemu.xenstore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which events a transaction fires when it commits, as C xenstored 4.17.7 does (measured on
 * tools/real-xenstored; found by the random comparison with it). C queues a transaction's events
 * per node and fires them at commit with the permissions the node had when the transaction first
 * accessed it, or else with the node as committed; a node that was missing at its first access
 * and is missing again after the commit has neither, so its events reach nobody, dom0 included.
 */
class CommitEventsTest extends XsFixture {
    final Recorder events = new Recorder();
    final XsConnection watcher = xs.connect(0, true, events);

    @BeforeEach
    void watchTheSubtree() {
        dom0.write(0, "/q", b("v"));
        watcher.watch("/q", "t1");
        watcher.watch("/q/a/b/c", "t0");
        events.drain();
    }

    @Test
    void nodesCreatedAndRemovedInOneTransactionFireNothingAtCommitAsC() {
        long tx = dom0.transactionStart(0);
        dom0.write(tx, "/q/a/b/c", b("v"));
        dom0.rm(tx, "/q/a/b");
        dom0.transactionEnd(tx, true);
        assertThat(events.drain()).isEmpty();
        assertThat(dom0.directory(0, "/q/a")).isEmpty();
    }

    @Test
    void aNodeThatExistedBeforeTheTransactionFiresWhenTheTransactionRemovesIt() {
        dom0.write(0, "/q/e/f", b("v"));
        events.drain();
        long tx = dom0.transactionStart(0);
        dom0.rm(tx, "/q/e");
        dom0.transactionEnd(tx, true);
        assertThat(events.drain()).containsExactly("/q/e|t1");
    }

    @Test
    void aNodeCreatedInTheTransactionThatStillExistsFiresAtCommit() {
        long tx = dom0.transactionStart(0);
        dom0.write(tx, "/q/a/b/c", b("v"));
        dom0.transactionEnd(tx, true);
        assertThat(events.drain()).containsExactlyInAnyOrder("/q/a/b/c|t1", "/q/a/b/c|t0");
    }
}
