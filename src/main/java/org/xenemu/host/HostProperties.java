package org.xenemu.host;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code xenemu.host.*}: the emulated host (API.md "Configuration"). Sizes in KiB; nodes are
 * equal-sized with distance 10 local / 20 remote.
 */
@ConfigurationProperties("xenemu.host")
public record HostProperties(@DefaultValue("16777216") long memoryKib,
                             @DefaultValue("2") int nodes,
                             @DefaultValue("131072") long xenKib,
                             @DefaultValue("1048576") long dom0Kib,
                             @DefaultValue("nearest") AllocationPolicy allocationPolicy) {
}
