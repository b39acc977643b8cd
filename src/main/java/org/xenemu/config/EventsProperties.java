package org.xenemu.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code xenemu.events.*}: how many engine events the history keeps, and per-stream buffering. */
@ConfigurationProperties("xenemu.events")
public record EventsProperties(@DefaultValue("10000") int history,
                               @DefaultValue("4096") int streamQueue) {
}
