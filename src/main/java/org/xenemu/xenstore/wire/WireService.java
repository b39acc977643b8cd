package org.xenemu.xenstore.wire;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xenemu.xenstore.Xenstore;

/**
 * The native xenstored interface of the emulated host: the dom0 socket {@code <run-dir>/socket}
 * (privileged, relative paths under {@code /local/domain/0}, as on a real host) and one guest
 * socket per introduced domain under {@code <run-dir>/domains/}. Started and stopped with the
 * service by the composition root ({@code config.WireConfig}).
 */
public final class WireService {
    private static final Logger log = LoggerFactory.getLogger(WireService.class);

    private final Xenstore xenstore;
    private final Path runDir;
    private final WireLimits limits;
    private final int ioThreads;
    private WireServer server;
    private WireServer.Listener dom0;
    private DomainSockets domains;
    private ExecutorService domainSync;

    public WireService(Xenstore xenstore, Path runDir, WireLimits limits, int ioThreads) {
        this.xenstore = xenstore;
        this.runDir = runDir;
        this.limits = limits;
        this.ioThreads = ioThreads;
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            server = new WireServer(xenstore, limits, ioThreads);
            dom0 = server.listen(socketPath(), 0, true);
            domainSync = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "xenstore-wire-domains");
                t.setDaemon(true);
                return t;
            });
            domains = new DomainSockets(xenstore, server, runDir.resolve("domains"), domainSync);
            domains.start();
            log.info("xenstored socket listening at {}", socketPath().toAbsolutePath());
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException("cannot listen on " + socketPath(), e);
        }
    }

    public synchronized void stop() {
        if (domains != null) {
            domains.close();
            domains = null;
        }
        if (domainSync != null) {
            domainSync.shutdownNow();
            domainSync = null;
        }
        if (dom0 != null) {
            dom0.close();
            dom0 = null;
        }
        if (server != null) {
            server.close();
            server = null;
        }
        try {
            Files.deleteIfExists(runDir.resolve("domains"));
        } catch (IOException e) {
            log.debug("leaving {} in place", runDir.resolve("domains"), e);
        }
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** The dom0 socket: give it to the xenstore-* tools as {@code XENSTORED_PATH}. */
    public Path socketPath() {
        return runDir.resolve("socket");
    }

    /** Where domain {@code domid}'s socket is while it is introduced. */
    public Path domainSocketPath(int domid) {
        return DomainSockets.socketOf(runDir.resolve("domains"), domid);
    }

    public int connectionCount() {
        WireServer s = server;
        return s == null ? 0 : s.connectionCount();
    }
}
