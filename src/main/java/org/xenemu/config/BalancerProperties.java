package org.xenemu.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;
import org.xenemu.toolstack.balancer.BalancerSettings;
import org.xenemu.toolstack.balancer.MomSettings;
import org.xenemu.toolstack.balancer.MomVariant;
import org.xenemu.toolstack.balancer.Policy;
import org.xenemu.toolstack.balancer.SqueezeOptions;

/**
 * {@code xenemu.balancer.*}: the host's memory decider at start (docs/toolstack.md; docs/api.md
 * "Configuration"). The default policy {@code none} leaves the host as it was before the decider
 * existed. The interval is squeezed's periodic balance check and MoM's decision interval; the loop
 * interval is the pause between two iterations of one squeezed call (squeezed: 1 s).
 */
@ConfigurationProperties("xenemu.balancer")
@Validated
public record BalancerProperties(@DefaultValue("none") @NotNull Policy policy,
                                 @DefaultValue("10") @Min(1) @Max(86_400) long intervalSeconds,
                                 @DefaultValue("73728") @PositiveOrZero @Max(1L << 40) long hostFreeTargetKib,
                                 @DefaultValue("512") @PositiveOrZero @Max(1L << 40) long toleranceKib,
                                 @DefaultValue("1000") @Min(1) @Max(86_400_000) long loopIntervalMillis,
                                 @DefaultValue @Valid @NotNull Mom mom) {

    /** {@code xenemu.balancer.mom.*}: MoM's sampling (MoM: 5 s, 10 samples) and which of its two policies. */
    public record Mom(@DefaultValue("balloon-rules") @NotNull MomVariant variant,
                      @DefaultValue("5") @Min(1) @Max(86_400) long sampleSeconds,
                      @DefaultValue("10") @Min(1) @Max(1000) int history) {
    }

    public BalancerSettings toSettings() {
        long second = SqueezeOptions.NANOS_PER_SECOND;
        SqueezeOptions squeeze = SqueezeOptions.defaults()
                .withHostFreeTargetKiB(hostFreeTargetKib)
                .withFreeMemoryToleranceKiB(toleranceKib)
                .withLoopIntervalNanos(loopIntervalMillis * 1_000_000L)
                .withBalanceCheckIntervalNanos(intervalSeconds * second);
        MomSettings momSettings = MomSettings.defaults().withVariant(mom.variant())
                .withIntervalsNanos(mom.sampleSeconds() * second, intervalSeconds * second)
                .withHistoryLength(mom.history());
        return new BalancerSettings(policy, squeeze, momSettings);
    }
}
