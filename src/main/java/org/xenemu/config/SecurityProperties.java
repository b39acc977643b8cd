package org.xenemu.config;

import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;
import org.xenemu.caller.SecurityMode;

/**
 * {@code xenemu.security.*}: who a request acts as (docs/api.md "Callers"). Without an
 * {@code admin-token} in token mode, one is generated and logged once.
 */
@ConfigurationProperties("xenemu.security")
@Validated
public record SecurityProperties(@DefaultValue("open") @NotNull SecurityMode mode, @Nullable String adminToken) {
}
