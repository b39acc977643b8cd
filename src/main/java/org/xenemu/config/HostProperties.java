package org.xenemu.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;
import org.xenemu.host.AllocationPolicy;

/**
 * {@code xenemu.host.*}: the emulated host (docs/api.md "Configuration"). Sizes in KiB; nodes are
 * equal-sized with distance 10 local / 20 remote. At most 64 nodes; sizes up to 1 PiB.
 */
@ConfigurationProperties("xenemu.host")
@Validated
public record HostProperties(@DefaultValue("16777216") @Positive @Max(1L << 40) long memoryKib,
                             @DefaultValue("2") @Min(1) @Max(64) int nodes,
                             @DefaultValue("131072") @PositiveOrZero @Max(1L << 40) long xenKib,
                             @DefaultValue("1048576") @Positive @Max(1L << 40) long dom0Kib,
                             @DefaultValue("nearest") @NotNull AllocationPolicy allocationPolicy) {
}
