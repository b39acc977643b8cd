package org.xenemu.scenarios.workload;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Where every random draw of a scenario comes from. One stream per (scenario seed, domain name,
 * workload index), so a domain's draws do not depend on which other domains or workloads exist or
 * in what order the runner asks.
 *
 * <p>The derivation is fixed here, not left to a library: {@code h = mix(seed)}, then for each
 * UTF-8 byte {@code b} of the name {@code h = mix(h + GOLDEN + b)}, then
 * {@code h = mix(h + GOLDEN + length)} and {@code h = mix(h + GOLDEN + index)}, where {@code mix}
 * is MurmurHash3's 64-bit finaliser and {@code GOLDEN} = 0x9E3779B97F4A7C15. The stream is a
 * {@link SplittableRandom} seeded with {@code h}, read only through {@code nextLong()} (SplitMix64,
 * stable across JDKs).
 */
public final class Seeds {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    public static long derive(long seed, String domainName, int workloadIndex) {
        long h = mix(seed);
        byte[] bytes = domainName.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            h = mix(h + GOLDEN + (b & 0xFF));
        }
        h = mix(h + GOLDEN + bytes.length);
        return mix(h + GOLDEN + workloadIndex);
    }

    /** A uniform double in [0, 1) from the top 53 bits of {@code nextLong()}. */
    static double unit(SplittableRandom random) {
        return (random.nextLong() >>> 11) * 0x1.0p-53;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
