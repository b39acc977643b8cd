package org.xenemu.xenstore.wire;

import org.xenemu.error.XenException;

/**
 * What one socket connection, and one listening socket, may cost.
 * <ul>
 *   <li>Slow consumers: above {@code pauseBytes} of unsent output the server stops reading that
 *       connection's requests (the client blocks itself, nobody else); when replies plus queued
 *       watch events exceed {@code maxQueuedBytes} the connection is closed.</li>
 *   <li>Connections per listening socket: {@code dom0Connections} on the dom0 socket,
 *       {@code guestConnections} on each guest socket. A connection past the limit is accepted and
 *       closed at once: the client's connect succeeds and its first read sees end-of-file (a write
 *       may fail with EPIPE), so libxenstore and pyxs report an error instead of hanging in the
 *       kernel's backlog. A real guest has one xenbus ring, multiplexed by its kernel; a guest
 *       socket stands in for the ring, and a few connections let a guest run a watcher and a
 *       couple of xenstore-* tools at once, while {@code domains × (1 + guestConnections)} file
 *       descriptors stay countable (see NOTES-wire.md for the budget).</li>
 *   <li>{@code acceptBackoffMillis}: after accept fails (EMFILE, ENFILE: out of file descriptors)
 *       no socket is accepted for that long, then accepting is tried again; the pending
 *       connections wait in the kernel's backlog meanwhile.</li>
 * </ul>
 */
public record WireLimits(int pauseBytes, int maxQueuedBytes, int dom0Connections, int guestConnections,
                         int acceptBackoffMillis) {
    public static final int DOM0_CONNECTIONS = 1024;
    public static final int GUEST_CONNECTIONS = 8;
    public static final int ACCEPT_BACKOFF_MILLIS = 100;
    public static final WireLimits DEFAULT = new WireLimits(64 * 1024, 1024 * 1024);

    public WireLimits {
        if (pauseBytes <= 0 || maxQueuedBytes < pauseBytes) {
            throw XenException.invalid("need 0 < pauseBytes <= maxQueuedBytes");
        }
        if (dom0Connections < 1 || guestConnections < 1 || acceptBackoffMillis < 1) {
            throw XenException.invalid("connection limits and the accept backoff must be at least 1");
        }
    }

    /** The slow-consumer policy with the default connection limits and backoff. */
    public WireLimits(int pauseBytes, int maxQueuedBytes) {
        this(pauseBytes, maxQueuedBytes, DOM0_CONNECTIONS, GUEST_CONNECTIONS, ACCEPT_BACKOFF_MILLIS);
    }

    public WireLimits withConnections(int dom0, int guest) {
        return new WireLimits(pauseBytes, maxQueuedBytes, dom0, guest, acceptBackoffMillis);
    }

    public WireLimits withAcceptBackoffMillis(int millis) {
        return new WireLimits(pauseBytes, maxQueuedBytes, dom0Connections, guestConnections, millis);
    }

    int connectionsFor(boolean privileged) {
        return privileged ? dom0Connections : guestConnections;
    }
}
