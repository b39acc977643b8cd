package org.xenemu.xenstore;

import java.util.Set;

/**
 * The one xenstore of the host (docs/xenstore.md). Everything reaches it through a {@link XsConnection}:
 * the dom0 Unix socket and guest sockets, the REST API (one connection per calling domain, plus one
 * per watch stream) and the engines inside each guest (the balloon driver's watch on
 * {@code memory/target} is a real watch on the domain's own connection).
 *
 * <p>Every operation checks permissions inside the store with the connection's identity;
 * errors are {@link org.xenemu.error.XenException}s carrying the errno C xenstored would answer.
 */
public interface Xenstore {
    /**
     * Opens a connection acting as {@code domid}. {@code privileged} is true for dom0 and for every
     * connection on the dom0 socket: permission checks are bypassed and relative paths resolve to
     * {@code /local/domain/0}. Watch events go to {@code sink}, outside any store lock.
     */
    XsConnection connect(int domid, boolean privileged, WatchSink sink);

    /** Domains introduced and not yet released (dom0 included). */
    Set<Integer> introducedDomains();

    /** Limits and usage for a domain, as GET /xenstore/quota/{domid} shows them. */
    QuotaReport quota(int domid);

    /**
     * The store's global generation count: every committed change (a write, mkdir, rm, set-perms,
     * a transaction's commit) moves it, so a reader may keep what it read while it stands still.
     * A snapshot restore sets it to the saved store's count.
     */
    long generation();
}
