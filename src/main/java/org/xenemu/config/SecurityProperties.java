package org.xenemu.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.xenemu.caller.SecurityMode;

/** {@code xenemu.security.*}: who a request acts as (API.md "Callers"). */
@ConfigurationProperties("xenemu.security")
public record SecurityProperties(@DefaultValue("open") SecurityMode mode, String adminToken) {
}
