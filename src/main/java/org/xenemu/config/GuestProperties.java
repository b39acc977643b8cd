package org.xenemu.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code xenemu.guest.*}: {@code publish-meminfo} makes every guest write
 * {@code data/meminfo_total} / {@code data/meminfo_free} into its xenstore home. (A boolean has
 * nothing to check beyond its binding; validated like every record for uniformity.)
 */
@ConfigurationProperties(prefix = "xenemu.guest")
@Validated
public record GuestProperties(@DefaultValue("true") boolean publishMeminfo) {
}
