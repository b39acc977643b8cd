package org.xenemu.dashboard;

/**
 * How often the {@link HostSampler} samples the host and how many samples it keeps
 * ({@code xenemu.dashboard.sample-seconds}, {@code xenemu.dashboard.history}).
 *
 * @param sampleSeconds virtual seconds between samples, 1–3600
 * @param history       samples kept, 1–1 000 000 (the default 1800 at 1 s is the last half hour)
 */
public record SamplerSettings(int sampleSeconds, int history) {
    public static final SamplerSettings DEFAULTS = new SamplerSettings(1, 1800);

    public SamplerSettings {
        if (sampleSeconds < 1 || sampleSeconds > 3600) {
            throw new IllegalArgumentException("sampleSeconds must be 1..3600: " + sampleSeconds);
        }
        if (history < 1 || history > 1_000_000) {
            throw new IllegalArgumentException("history must be 1..1000000: " + history);
        }
    }
}
