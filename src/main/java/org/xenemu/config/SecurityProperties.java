package org.xenemu.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code xenemu.security.*}: who a request acts as (API.md "Callers"). */
@ConfigurationProperties("xenemu.security")
public record SecurityProperties(@DefaultValue("open") Mode mode, String adminToken) {
    public enum Mode { OPEN, TOKEN }
}
