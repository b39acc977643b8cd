package org.xenemu.toolstack.balancer;

/**
 * Which of MoM's two balloon policies runs (MoM's {@code doc/balloon.rules} and vdsm's {@code 02-balloon.policy}; docs/toolstack.md "MoM policy (`policy: mom`)"). They share the constants, the
 * shrink rule and the 0.25 % rule; they differ in growth and in what surrounds it.
 */
public enum MomVariant {
    /**
     * MoM's own example policy, {@code oVirt/mom doc/balloon.rules}: below 20 % host free every
     * guest shrinks, otherwise every ballooned guest grows towards {@code used + 20 % of current}.
     * xenemu's default: it is MoM's policy as MoM ships it, it needs no input from an oVirt engine,
     * and it shrinks guests under pressure out of the box (vdsm's does so only once the engine
     * sets {@code balloonEnabled}, which vdsm's {@code 00-defines.policy} leaves at 0).
     */
    BALLOON_RULES,
    /**
     * vdsm's {@code static/etc/vdsm/mom.d/02-balloon.policy}, what oVirt hosts run: growth uses
     * the pressure-scaled guest free percentage too; shrinking only with {@code balloonEnabled};
     * a guest whose latest {@code mem_unused} is missing is skipped; afterwards a QoS rule raises
     * every guest below its guaranteed memory ({@code balloon_min}) to it.
     */
    VDSM_BALLOON_POLICY
}
