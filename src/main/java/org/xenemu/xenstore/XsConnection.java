package org.xenemu.xenstore;

import java.util.List;

/**
 * One client of xenstore: its identity, its watches and its transactions. {@code tx} is 0 for
 * "no transaction", otherwise an id this connection started. Closing it drops its watches and
 * aborts its transactions. Method names follow xs_wire.h; errors are XenExceptions with the errno
 * C xenstored 4.17 answers. Paths may be relative (resolved against the connection's home).
 */
public interface XsConnection extends AutoCloseable {
    int domid();

    boolean privileged();

    byte[] read(long tx, String path);

    void write(long tx, String path, byte[] value);

    void mkdir(long tx, String path);

    void rm(long tx, String path);

    /** Child names in creation order; E2BIG when the wire reply would exceed 4096 bytes. */
    List<String> directory(long tx, String path);

    /** Child names in creation order without the size limit (REST, internal walks). */
    List<String> children(long tx, String path);

    /** DIRECTORY_PART: the node's generation count and the chunk of the NUL-joined list at {@code offset}. */
    DirectoryPart directoryPart(long tx, String path, int offset);

    /** Permission strings such as {@code n0}, {@code r5}; entry 0 is the owner and default. */
    List<String> getPerms(long tx, String path);

    void setPerms(long tx, String path, List<String> perms);

    /** Registers the watch and queues its initial event (path as given). */
    void watch(String path, String token);

    void unwatch(String path, String token);

    /**
     * A snapshot restore: registers a watch this connection's owner had before, without the
     * initial event (the owner has already seen it) and without the watches quota check.
     */
    default void restoreWatch(String path, String token) {
        throw new UnsupportedOperationException("restoreWatch");
    }

    /** Drops every watch and transaction of this connection. */
    void resetWatches();

    /** EBUSY unless {@code tx} is 0; returns a non-zero id. */
    long transactionStart(long tx);

    /** Commit (EAGAIN on conflict) or abort. */
    void transactionEnd(long tx, boolean commit);

    void introduce(int domid, long gfn, int evtchn);

    void release(int domid);

    void resume(int domid);

    void setTarget(int domid, int targetDomid);

    boolean isDomainIntroduced(int domid);

    String getDomainPath(int domid);

    /** CONTROL: {@code help}, {@code quota [domid]} at least; privileged only. Returns the reply text. */
    String control(List<String> args);

    @Override
    void close();

    /** A DIRECTORY_PART answer: {@code gencnt} and the chunk (ending with an empty name when last). */
    record DirectoryPart(long generation, byte[] chunk) {
    }
}
