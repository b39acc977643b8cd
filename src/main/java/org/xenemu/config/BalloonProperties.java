package org.xenemu.config;

import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code xenemu.balloon.*}: {@code max-retry-count} every new balloon driver starts with
 * (0 = retry forever, as the seed patch intends; 4 = Linux since XSA-300).
 */
@ConfigurationProperties("xenemu.balloon")
@Validated
public record BalloonProperties(@DefaultValue("0") @PositiveOrZero long maxRetryCount) {
}
