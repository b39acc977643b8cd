package org.xenemu.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.xenemu.clock.ClockMode;

/** {@code xenemu.clock.*}: the virtual clock at start. */
@ConfigurationProperties("xenemu.clock")
public record ClockProperties(@DefaultValue("realtime") ClockMode mode,
                              @DefaultValue("250") int hz,
                              @DefaultValue("1.0") double speed) {
}
