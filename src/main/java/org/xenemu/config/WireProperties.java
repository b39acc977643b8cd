package org.xenemu.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.xenemu.xenstore.wire.WireLimits;

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
