package org.xenemu.config;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;
import org.xenemu.clock.ClockMode;

/** {@code xenemu.clock.*}: the virtual clock at start; the same bounds as {@code VirtualClock} checks. */
@ConfigurationProperties("xenemu.clock")
@Validated
public record ClockProperties(@DefaultValue("realtime") @NotNull ClockMode mode,
                              @DefaultValue("250") @Min(1) @Max(10_000) int hz,
                              @DefaultValue("1.0") @Positive @DecimalMax("1000000") double speed) {
}
