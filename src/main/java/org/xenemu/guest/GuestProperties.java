package org.xenemu.guest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code xenemu.guest.*}: {@code publish-meminfo} makes every guest write
 * {@code data/meminfo_total} / {@code data/meminfo_free} into its xenstore home.
 */
@ConfigurationProperties(prefix = "xenemu.guest")
public record GuestProperties(@DefaultValue("true") boolean publishMeminfo) {
}
