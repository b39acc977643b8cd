package org.xenemu.xenstore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.xenstore.perms.NodePerms;
import org.xenemu.xenstore.store.Node;
import org.xenemu.xenstore.store.XsPath;
import org.xenemu.xenstore.txn.Transaction;
import org.xenemu.xenstore.watch.WatchRegistry;

/**
 * One {@link XsConnection}: its identity, watches, transactions and the outbox of watch events.
 * Events are queued under the store lock in commit order and handed to the {@link WatchSink}
 * after the lock is released, by one thread at a time, so a sink sees them in commit order.
 * <b>Slow-consumer policy:</b> when the sink answers false (its bounded queue overflowed) or
 * throws, the connection is closed: its watches and transactions are dropped, like C xenstored
 * dropping a connection that stops reading.
 */
final class EngineConnection implements XsConnection {
    private static final Logger log = LoggerFactory.getLogger(EngineConnection.class);
    /** XENSTORE_REL_PATH_MAX of xs_wire.h: C's limit for {@code @} watch paths. */
    private static final int AT_NAME_MAX = 2048;

    private final XenstoreEngine engine;
    private final int domid;
    private final boolean privileged;
    private final WatchSink sink;
    private final ConcurrentLinkedQueue<String[]> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean delivering = new AtomicBoolean();
    private volatile boolean closed;
    // guarded by the engine's lock
    final List<WatchRegistry.Watch<EngineConnection>> watches = new ArrayList<>();
    final Map<Long, Transaction> transactions = new HashMap<>();

    EngineConnection(XenstoreEngine engine, int domid, boolean privileged, WatchSink sink) {
        this.engine = engine;
        this.domid = domid;
        this.privileged = privileged;
        this.sink = sink;
    }

    @Override
    public int domid() {
        return domid;
    }

    @Override
    public boolean privileged() {
        return privileged;
    }

    /** Home for relative paths: dom0's for privileged connections (docs/xenstore.md "Tree and paths"). */
    int homeDomid() {
        return privileged ? 0 : domid;
    }

    boolean isClosed() {
        return closed;
    }

    void markClosed() {
        closed = true;
        outbox.clear();
    }

    /** Absolute path or EINVAL; path-max binds dom0 too, as C's is_valid_nodename (measured on 4.17.7). */
    String canonical(String path, boolean allowSpecial) {
        return XsPath.canonical(path, homeDomid(), allowSpecial, engine.quotas().pathMax());
    }

    @Override
    public byte[] read(long tx, String path) {
        String p = canonical(path, false);
        return engine.query(this, tx, (v, who) -> engine.ops().read(v, who, p));
    }

    @Override
    public void write(long tx, String path, byte[] value) {
        String p = canonical(path, false);
        byte[] copy = value.clone();
        engine.change(this, tx, (v, who) -> engine.ops().write(v, who, p, copy));
    }

    @Override
    public void mkdir(long tx, String path) {
        String p = canonical(path, false);
        engine.change(this, tx, (v, who) -> engine.ops().mkdir(v, who, p));
    }

    @Override
    public void rm(long tx, String path) {
        String p = canonical(path, false);
        engine.change(this, tx, (v, who) -> engine.ops().rm(v, who, p));
    }

    @Override
    public List<String> directory(long tx, String path) {
        String p = canonical(path, false);
        return engine.query(this, tx, (v, who) -> {
            Node node = engine.ops().node(v, who, p, false);
            if (node.childNamesBytes() > 4096) {
                throw XenException.of(Errno.E2BIG, "the child list of " + p
                        + " exceeds 4096 bytes; use DIRECTORY_PART");
            }
            return node.children();
        });
    }

    @Override
    public List<String> children(long tx, String path) {
        String p = canonical(path, false);
        return engine.query(this, tx, (v, who) -> engine.ops().children(v, who, p));
    }

    @Override
    public DirectoryPart directoryPart(long tx, String path, int offset) {
        String p = canonical(path, false);
        return engine.query(this, tx, (v, who) -> DirectoryParts.chunk(engine.ops().node(v, who, p, false), offset));
    }

    @Override
    public List<String> getPerms(long tx, String path) {
        String p = canonical(path, true);
        if (XsPath.isSpecial(p)) {
            return engine.domainControl().specialPerms(this, p).strings();
        }
        return engine.query(this, tx, (v, who) -> engine.ops().perms(v, who, p).strings());
    }

    @Override
    public void setPerms(long tx, String path, List<String> perms) {
        String p = canonical(path, true);
        NodePerms parsed = NodePerms.parse(perms);
        if (XsPath.isSpecial(p)) {
            engine.domainControl().setSpecialPerms(this, p, parsed);
            return;
        }
        engine.change(this, tx, (v, who) -> engine.ops().setPerms(v, who, p, parsed));
    }

    /**
     * WATCH: like C xenstored's {@code do_watch}, any path starting with {@code @} is taken as it
     * is (not only {@code @introduceDomain} / {@code @releaseDomain}), up to XENSTORE_REL_PATH_MAX
     * (2048) bytes, else EINVAL; it gets its initial event and then only the special events whose
     * name it equals. Measured on C 4.17: {@code @foo}, {@code @}, {@code @a/b} are all OK.
     */
    @Override
    public void watch(String path, String token) {
        String p;
        int prefix = 0;
        if (isAtName(path)) {
            if (path.length() > AT_NAME_MAX) {
                throw XenException.invalid("a watch path starting with @ is at most " + AT_NAME_MAX + " bytes");
            }
            p = path;
        } else {
            p = canonical(path, false);
            if (!path.isEmpty() && path.charAt(0) != '/') {
                prefix = XsPath.home(homeDomid()).length() + 1; // relative watch, relative events
            }
        }
        engine.watch(this, new WatchRegistry.Watch<>(this, p, requireToken(token), prefix));
    }

    @Override
    public void restoreWatch(String path, String token) {
        String p = isAtName(path) ? path : canonical(path, false);
        int prefix = !isAtName(path) && !path.isEmpty() && path.charAt(0) != '/'
                ? XsPath.home(homeDomid()).length() + 1 : 0;
        engine.restoreWatch(this, new WatchRegistry.Watch<>(this, p, requireToken(token), prefix));
    }

    /**
     * UNWATCH: like C's {@code do_unwatch}, the path is only made absolute ({@code canonicalize}:
     * a path not starting with {@code /} or {@code @} gets the home prefix) and looked up, never
     * checked: a path WATCH would refuse ({@code a b}, {@code //}, a trailing {@code /}, empty)
     * names no watch, so it is ENOENT, not EINVAL (measured on C 4.17).
     */
    @Override
    public void unwatch(String path, String token) {
        boolean absolute = !path.isEmpty() && (path.charAt(0) == '/' || path.charAt(0) == '@');
        engine.unwatch(this, absolute ? path : XsPath.home(homeDomid()) + "/" + path, requireToken(token));
    }

    private static boolean isAtName(String path) {
        return !path.isEmpty() && path.charAt(0) == '@';
    }

    private static String requireToken(String token) {
        if (token == null) {
            throw XenException.invalid("a watch needs a token");
        }
        return token;
    }

    @Override
    public void resetWatches() {
        engine.reset(this);
    }

    @Override
    public long transactionStart(long tx) {
        return engine.transactionStart(this, tx);
    }

    @Override
    public void transactionEnd(long tx, boolean commit) {
        engine.transactionEnd(this, tx, commit);
    }

    @Override
    public void introduce(int domid, long gfn, int evtchn) {
        engine.domainControl().introduce(this, domid, gfn);
    }

    @Override
    public void release(int domid) {
        engine.domainControl().release(this, domid);
    }

    @Override
    public void resume(int domid) {
        engine.domainControl().resume(this, domid);
    }

    @Override
    public void setTarget(int domid, int targetDomid) {
        engine.domainControl().setTarget(this, domid, targetDomid);
    }

    @Override
    public boolean isDomainIntroduced(int domid) {
        return engine.domainControl().isDomainIntroduced(this, domid);
    }

    @Override
    public String getDomainPath(int domid) {
        return XsPath.home(domid);
    }

    @Override
    public String control(List<String> args) {
        return engine.control(this, args);
    }

    @Override
    public void close() {
        engine.close(this);
    }

    /**
     * Queues an event; called under the engine's lock, in commit order. As C's {@code send_event},
     * one identical (path, token) to an event still queued here is dropped, except {@code @} events
     * (measured on 4.17.7; C's queue lasts until the socket sent it, this one until the hand-over).
     */
    void enqueue(String path, String token) {
        if (closed) {
            return;
        }
        if (path.isEmpty() || path.charAt(0) != '@') {
            for (String[] queued : outbox) {
                if (queued[0].equals(path) && queued[1].equals(token)) {
                    return;
                }
            }
        }
        outbox.add(new String[] {path, token});
    }

    /** Hands queued events to the sink; called outside every store lock. */
    void flush() {
        do {
            if (!delivering.compareAndSet(false, true)) {
                return; // the thread delivering now re-checks the outbox after it stops
            }
            boolean refused = false;
            try {
                String[] e;
                while (!refused && !closed && (e = outbox.poll()) != null) {
                    refused = !deliver(e);
                }
            } finally {
                delivering.set(false);
            }
            if (refused) {
                log.info("closing xenstore connection of domain {}: its watch consumer fell behind", domid);
                close();
                return;
            }
        } while (!outbox.isEmpty() && !closed);
    }

    private boolean deliver(String[] e) {
        try {
            return sink.deliver(e[0], e[1]);
        } catch (RuntimeException ex) {
            log.warn("watch sink of domain {} failed", domid, ex);
            return false;
        }
    }

    @Override
    public String toString() {
        return "xs-connection(dom" + domid + (privileged ? ", privileged" : "") + ")";
    }
}
