package org.xenemu.xenstore.txn;

import org.xenemu.xenstore.store.Overlay;
import org.xenemu.xenstore.store.Tree;

/**
 * An open transaction: its id (non-zero, unique among open ones), the domain whose quota it counts
 * against, and its overlay over the committed tree (its private changes, queued watch events and
 * every node it accessed, kept as first accessed). Reads see each node as it was when the
 * transaction first accessed it (C xenstored 4.17's semantics, measured; the "snapshot at START"
 * of the planning documents, which docs/xenstore.md "Transactions" explains, is the same for
 * nodes not changed between START and first access) plus the transaction's own changes; the
 * commit check makes that equivalent to a snapshot.
 */
public final class Transaction {
    private final long id;
    private final int domid;
    private final Overlay overlay;

    public Transaction(long id, int domid, Tree tree, int accessLimit) {
        this.id = id;
        this.domid = domid;
        this.overlay = new Overlay(tree, tree, true, accessLimit);
    }

    public long id() {
        return id;
    }

    public int domid() {
        return domid;
    }

    public Overlay overlay() {
        return overlay;
    }
}
