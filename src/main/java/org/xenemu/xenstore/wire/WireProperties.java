package org.xenemu.xenstore.wire;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code xenemu.wire.*}: the native socket. {@code pause-bytes} and {@code max-queued-bytes} are
 * the slow-consumer policy of {@link WireLimits}; {@code io-threads} the selector threads.
 */
@ConfigurationProperties("xenemu.wire")
public record WireProperties(@DefaultValue("true") boolean enabled,
                             @DefaultValue("1") int ioThreads,
                             @DefaultValue("65536") int pauseBytes,
                             @DefaultValue("1048576") int maxQueuedBytes) {
}
