package org.xenemu.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code xenemu.events.*}: how many engine events the history keeps, per-stream buffering, and how
 * often an idle server-sent-event stream (engine events or a xenstore watch) sends a keep-alive
 * comment, which is also how a stream whose reader went away is noticed and closed; and how many
 * threads write every stream to its reader.
 */
@ConfigurationProperties("xenemu.events")
@Validated
public record EventsProperties(@DefaultValue("10000") @Min(1) @Max(1_000_000) int history,
                               @DefaultValue("4096") @Min(1) @Max(1_000_000) int streamQueue,
                               @DefaultValue("15") @Min(1) @Max(3600) int keepAliveSeconds,
                               @DefaultValue("2") @Min(1) @Max(64) int streamWriters) {

    public Duration keepAlive() {
        return Duration.ofSeconds(keepAliveSeconds);
    }
}
