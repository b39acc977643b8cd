package org.xenemu.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;
import org.xenemu.xenstore.wire.WireLimits;

/**
 * {@code xenemu.wire.*}: the native socket. {@code pause-bytes} and {@code max-queued-bytes} are
 * the slow-consumer policy of {@link WireLimits} (which also needs pause ≤ max); {@code io-threads}
 * the selector threads.
 */
@ConfigurationProperties("xenemu.wire")
@Validated
public record WireProperties(@DefaultValue("true") boolean enabled,
                             @DefaultValue("1") @Min(1) @Max(64) int ioThreads,
                             @DefaultValue("65536") @Positive int pauseBytes,
                             @DefaultValue("1048576") @Positive int maxQueuedBytes) {
}
