package org.xenemu.client.xs;

import java.util.List;
import org.xenemu.client.Errno;
import org.xenemu.client.Perm;

/**
 * A wire transaction (docs/xenstore.md "Transactions"): every operation carries its id as
 * {@code tx_id}. It sees each node as at its first access plus its own changes; nobody sees the
 * changes before {@link #commit()}, which fails with EAGAIN when someone else changed what it
 * accessed. {@link #close()} aborts it unless it was ended. Usable from one thread at a time.
 */
public final class XsTransaction implements XsOps, AutoCloseable {
    private final XsClient client;
    private final int id;
    private boolean ended;

    XsTransaction(XsClient client, int id) {
        this.client = client;
        this.id = id;
    }

    /** The transaction id (unsigned 32-bit, never 0). */
    public long id() {
        return Integer.toUnsignedLong(id);
    }

    @Override
    public byte[] read(String path) {
        return client.read(id, path);
    }

    @Override
    public void write(String path, byte[] value) {
        client.write(id, path, value);
    }

    @Override
    public void mkdir(String path) {
        client.mkdir(id, path);
    }

    @Override
    public void rm(String path) {
        client.rm(id, path);
    }

    @Override
    public List<String> directory(String path) {
        return client.directory(id, path);
    }

    @Override
    public List<Perm> getPerms(String path) {
        return client.getPerms(id, path);
    }

    @Override
    public void setPerms(String path, List<Perm> perms) {
        client.setPerms(id, path, perms);
    }

    /** TRANSACTION_END {@code T}. EAGAIN on a conflict: the transaction is gone, start again. */
    public void commit() {
        ended = true;
        client.end(id, true);
    }

    /** TRANSACTION_END {@code F}: drops every change. */
    public void abort() {
        ended = true;
        client.end(id, false);
    }

    /** Aborts unless committed or aborted (an already vanished transaction, ENOENT, is fine). */
    @Override
    public void close() {
        if (!ended) {
            try {
                abort();
            } catch (XsException e) {
                if (!e.is(Errno.ENOENT)) {
                    throw e;
                }
            }
        }
    }
}
