package org.xenemu.scenarios.series;

import java.util.OptionalDouble;

/**
 * The host at one sample (KiB; {@link HostColumn} says what each is). {@code gamma} is empty until
 * a balancer has decided; it is kept to six decimals.
 */
public record HostSample(long totalKiB, long xenKiB, long dom0KiB, long domainsKiB, long tmemKiB, long pressureKiB,
                         long reservedKiB, long freeKiB, OptionalDouble gamma, long balancerFailures) {
}
