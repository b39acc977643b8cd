package org.xenemu.client;

/**
 * A REST xenstore transaction (docs/xenstore.md "Transactions"): the node operations run inside it
 * (header {@code Xs-Transaction}). {@link #commit()} fails with 409 EAGAIN when someone else
 * changed what it accessed; the transaction is gone either way. {@link #close()} aborts it unless
 * it was committed or aborted.
 */
public final class XenstoreTransaction extends XenstoreNodes implements AutoCloseable {
    private final long id;
    private boolean ended;

    XenstoreTransaction(Http http, long id) {
        super(http);
        this.id = id;
    }

    /** The transaction id (unsigned 32-bit, never 0). */
    public long id() {
        return id;
    }

    @Override
    long transactionId() {
        return id;
    }

    /** TRANSACTION_END T. Throws {@link XenemuException} with EAGAIN on a conflict: start again. */
    public void commit() {
        ended = true;
        http.discard(http.sendEmpty("POST", Http.API + "/xenstore/transactions/" + Long.toUnsignedString(id) + "/commit"));
    }

    /** TRANSACTION_END F: drops every change. */
    public void abort() {
        ended = true;
        http.discard(http.sendEmpty("DELETE", Http.API + "/xenstore/transactions/" + Long.toUnsignedString(id)));
    }

    /** Aborts unless committed or aborted; an already vanished transaction (ENOENT) is fine. */
    @Override
    public void close() {
        if (!ended) {
            try {
                abort();
            } catch (XenemuException e) {
                if (!e.is(Errno.ENOENT)) {
                    throw e;
                }
            }
        }
    }
}
