package org.xenemu.xenstore.wire;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code xenemu.wire.*}: the native socket. {@code pause-bytes} and {@code max-queued-bytes} are
 * the slow-consumer policy of {@link WireLimits}; {@code io-threads} the selector threads;
 * {@code dom0-max-connections} and {@code guest-max-connections} the connections one listening
 * socket serves at a time (more are closed at once); {@code accept-backoff-millis} how long
 * accepting pauses after accept failed (out of file descriptors). Checked at startup: a value out
 * of range stops the service with a message naming the property.
 */
@ConfigurationProperties("xenemu.wire")
@Validated
public record WireProperties(@DefaultValue("true") boolean enabled,
                             @DefaultValue("1") @Min(1) @Max(64) int ioThreads,
                             @DefaultValue("65536") @Min(1) int pauseBytes,
                             @DefaultValue("1048576") @Min(1) int maxQueuedBytes,
                             @DefaultValue("1024") @Min(1) @Max(1_000_000) int dom0MaxConnections,
                             @DefaultValue("8") @Min(1) @Max(65_536) int guestMaxConnections,
                             @DefaultValue("100") @Min(1) @Max(60_000) int acceptBackoffMillis) {

    public WireLimits toLimits() {
        return new WireLimits(pauseBytes, maxQueuedBytes, dom0MaxConnections, guestMaxConnections, acceptBackoffMillis);
    }
}
