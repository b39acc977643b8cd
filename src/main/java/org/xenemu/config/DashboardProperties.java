package org.xenemu.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;
import org.xenemu.dashboard.SamplerSettings;

/**
 * {@code xenemu.dashboard.*}: the host sampler behind the dashboard and the metrics — a sample
 * every {@code sample-seconds} of virtual time, the last {@code history} kept.
 */
@ConfigurationProperties("xenemu.dashboard")
@Validated
public record DashboardProperties(@DefaultValue("1") @Min(1) @Max(3600) int sampleSeconds,
                                  @DefaultValue("1800") @Min(1) @Max(1_000_000) int history) {
    public SamplerSettings toSettings() {
        return new SamplerSettings(sampleSeconds, history);
    }
}
