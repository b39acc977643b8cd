package org.xenemu.xenstore.wire;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xenemu.xenstore.WatchSink;
import org.xenemu.xenstore.Xenstore;
import org.xenemu.xenstore.XsConnection;

/**
 * The guest-socket extension: {@code <run-dir>/domains/<domid>/socket} exists while domain
 * {@code domid} is introduced, and a connection there acts as that (unprivileged) domain, the way
 * the guest kernel's xenbus ring would. A privileged internal connection watches
 * {@code @introduceDomain} and {@code @releaseDomain}; each event triggers a diff of
 * {@link Xenstore#introducedDomains()} against the sockets that exist.
 */
final class DomainSockets implements WatchSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DomainSockets.class);
    private static final String TOKEN = "xenemu-wire-domain-sockets";

    private final Xenstore xenstore;
    private final WireServer server;
    private final Path domainsDir;
    private final Executor executor;
    private final AtomicBoolean syncScheduled = new AtomicBoolean();
    private final Map<Integer, WireServer.Listener> listeners = new HashMap<>();
    private XsConnection watcher;
    private boolean closed;

    /** {@code executor} runs the diffs, one at a time, never on the store's delivering thread. */
    DomainSockets(Xenstore xenstore, WireServer server, Path domainsDir, Executor executor) {
        this.xenstore = xenstore;
        this.server = server;
        this.domainsDir = domainsDir;
        this.executor = executor;
    }

    static Path socketOf(Path domainsDir, int domid) {
        return domainsDir.resolve(Integer.toString(domid)).resolve("socket");
    }

    void start() {
        watcher = xenstore.connect(0, true, this);
        watcher.watch("@introduceDomain", TOKEN);
        watcher.watch("@releaseDomain", TOKEN);
        sync();
    }

    @Override
    public boolean deliver(String path, String token) {
        if (syncScheduled.compareAndSet(false, true)) {
            executor.execute(this::sync);
        }
        return true;
    }

    synchronized void sync() {
        syncScheduled.set(false);
        if (closed) {
            return;
        }
        Set<Integer> live = xenstore.introducedDomains();
        listeners.entrySet().removeIf(e -> {
            if (live.contains(e.getKey())) {
                return false;
            }
            remove(e.getKey(), e.getValue());
            return true;
        });
        int failed = 0;
        for (int domid : live) {
            if (domid != 0 && !listeners.containsKey(domid)) {
                Path socket = socketOf(domainsDir, domid);
                try {
                    listeners.put(domid, server.listen(socket, domid, false));
                    log.info("guest xenstore socket for domain {} at {}", domid, socket);
                } catch (IOException e) {
                    if (failed++ == 0) { // one line per round however many fail (out of fds: all of them)
                        log.warn("cannot create the guest socket {} for domain {} ({}); tried again at the next "
                            + "introduce or release", socket, domid, e.toString());
                    }
                }
            }
        }
        if (failed > 1) {
            log.warn("{} guest sockets could not be created in all", failed);
        }
    }

    private void remove(int domid, WireServer.Listener listener) {
        listener.close();
        try {
            Files.deleteIfExists(listener.path().getParent());
        } catch (IOException e) {
            log.debug("leaving {} in place", listener.path().getParent(), e);
        }
        log.info("guest xenstore socket for domain {} removed", domid);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (watcher != null) {
            watcher.close();
        }
        listeners.forEach(this::remove);
        listeners.clear();
    }
}
