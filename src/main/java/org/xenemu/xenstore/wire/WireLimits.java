package org.xenemu.xenstore.wire;

/**
 * The slow-consumer policy of one socket connection. Above {@code pauseBytes} of unsent output the
 * server stops reading that connection's requests (the client blocks itself, nobody else); when
 * replies plus queued watch events exceed {@code maxQueuedBytes} the connection is closed.
 */
public record WireLimits(int pauseBytes, int maxQueuedBytes) {
    public static final WireLimits DEFAULT = new WireLimits(64 * 1024, 1024 * 1024);

    public WireLimits {
        if (pauseBytes <= 0 || maxQueuedBytes < pauseBytes) {
            throw org.xenemu.error.XenException.invalid("need 0 < pauseBytes <= maxQueuedBytes");
        }
    }
}
