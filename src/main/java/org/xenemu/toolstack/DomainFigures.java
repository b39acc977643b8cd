package org.xenemu.toolstack;

/**
 * One domain's memory figures, the same numbers its JSON views show but without building them:
 * {@code targetKiB} and {@code currentKiB} as {@code GET /domains/{domid}} ({@link DomainView}),
 * the rest as its {@code meminfo} ({@code GET /domains/{domid}/meminfo}): Committed_AS, MemFree,
 * the slots written to the swap device ({@code SwapTotal − SwapFree − frontswap}), the pages held
 * in the host's tmem through frontswap. What a scenario samples a thousand times a virtual day per
 * domain (docs/scenarios.md "What comes out"). KiB throughout.
 */
public record DomainFigures(int domid, String name, long staticMaxKiB, long targetKiB, long currentKiB,
                            long committedAsKiB, long memFreeKiB, long swapDeviceKiB, long frontswapKiB) {
}
