package org.xenemu.xenstore.web;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.springframework.modulith.NamedInterface;
import org.springframework.scheduling.TaskScheduler;
import org.xenemu.caller.Caller;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.xenstore.QuotaReport;
import org.xenemu.xenstore.WatchSink;
import org.xenemu.xenstore.Xenstore;
import org.xenemu.xenstore.XsConnection;

/**
 * The REST side's xenstore connections (docs/api.md "Xenstore"): one per calling domain, owning that
 * caller's REST transactions (so someone else's id is ENOENT), dom0 privileged and guests not.
 * A REST transaction idle for the configured seconds of <em>wall</em> time is aborted: docs/api.md "Xenstore"
 * defines this timeout on wall time because it protects the service from forgotten HTTP clients,
 * not the emulated machine; so this one timer lives here and not in the engine. It runs on a
 * {@link TaskScheduler} that Spring manages.
 */
@NamedInterface("rest")
public final class RestSessions implements AutoCloseable {
    private final Xenstore xenstore;
    private final long idleNanos;
    private final Map<Integer, XsConnection> connections = new ConcurrentHashMap<>();
    private final Map<TxKey, Long> lastUse = new ConcurrentHashMap<>();
    private final @Nullable ScheduledFuture<?> reaper;
    private final LongSupplier wallNanos;

    private record TxKey(int domid, long id) {
    }

    /** Sessions whose idle transactions {@code reaper} aborts, looking every quarter of the timeout (1..5 s). */
    public RestSessions(Xenstore xenstore, int idleSeconds, TaskScheduler reaper) {
        this.xenstore = xenstore;
        this.wallNanos = System::nanoTime;
        this.idleNanos = TimeUnit.SECONDS.toNanos(idleSeconds);
        Duration period = Duration.ofSeconds(Math.max(1, Math.min(5, idleSeconds / 4)));
        this.reaper = reaper.scheduleWithFixedDelay(this::abortIdle, reaper.getClock().instant().plus(period), period);
    }

    /** Without a reaper: {@code wallNanos} is the wall clock (a monotonic one) and tests call {@link #abortIdle}. */
    RestSessions(Xenstore xenstore, int idleSeconds, LongSupplier wallNanos) {
        this.xenstore = xenstore;
        this.wallNanos = wallNanos;
        this.idleNanos = TimeUnit.SECONDS.toNanos(idleSeconds);
        this.reaper = null;
    }

    Xenstore xenstore() {
        return xenstore;
    }

    /**
     * The caller's connection. An ordinary user inside a guest cannot open xenstore (the guest's
     * {@code /dev/xen/xenbus} is root's), so {@code X-Guest-Root: false} is refused.
     */
    XsConnection connection(Caller caller) {
        verifyMayUseXenstore(caller);
        return connections.computeIfAbsent(caller.domid(),
                d -> xenstore.connect(d, caller.isDom0(), WatchSink.DISCARD));
    }

    /** A domain's quota limits and usage; a guest may see its own only (EACCES). */
    QuotaReport quota(Caller caller, int domid) {
        caller.verifyMayReach(domid, "a guest may see its own quota only");
        return xenstore.quota(domid);
    }

    static void verifyMayUseXenstore(Caller caller) {
        if (!caller.isDom0() && !caller.guestRoot()) {
            throw XenException.accessDenied("only root inside a guest may talk to xenstore");
        }
    }

    /** Parses {@code Xs-Transaction}: absent or 0 = none; a number the caller owns; else EINVAL/ENOENT. */
    long transaction(Caller caller, @Nullable String header) {
        if (header == null) {
            return 0;
        }
        long id = XsHttp.transactionId(header.trim(), XsHttp.TX_HEADER);
        if (id != 0) {
            touch(caller.domid(), id);
        }
        return id;
    }

    /** TRANSACTION_START, inside {@code outer} if given: the core answers ENOENT / EBUSY as C does. */
    long start(Caller caller, long outer) {
        long id = connection(caller).transactionStart(outer);
        lastUse.put(new TxKey(caller.domid(), id), wallNanos.getAsLong());
        return id;
    }

    void end(Caller caller, long id, boolean commit) {
        XsConnection c = connection(caller);
        lastUse.remove(new TxKey(caller.domid(), id));
        c.transactionEnd(id, commit);
    }

    private void touch(int domid, long id) {
        TxKey key = new TxKey(domid, id);
        if (lastUse.containsKey(key)) {
            lastUse.put(key, wallNanos.getAsLong());
        }
    }

    /** Aborts REST transactions nobody used for the idle timeout (run by the reaper, and by tests). */
    void abortIdle() {
        long now = wallNanos.getAsLong();
        for (Iterator<Map.Entry<TxKey, Long>> it = lastUse.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<TxKey, Long> e = it.next();
            if (now - e.getValue() >= idleNanos) {
                it.remove();
                XsConnection c = connections.get(e.getKey().domid());
                if (c != null) {
                    try {
                        c.transactionEnd(e.getKey().id(), false);
                    } catch (XenException gone) {
                        if (gone.errno() != Errno.ENOENT) {
                            throw gone;
                        }
                    }
                }
            }
        }
    }

    /**
     * A snapshot restore closed every xenstore connection: forget them (and their transactions'
     * clocks), so that the next request opens a fresh one, as a client reconnects to a restarted
     * xenstored. The reaper keeps running.
     */
    public void reset() {
        connections.values().forEach(XsConnection::close);
        connections.clear();
        lastUse.clear();
    }

    @Override
    public void close() {
        if (reaper != null) {
            reaper.cancel(false);
        }
        connections.values().forEach(XsConnection::close);
    }
}
