package org.xenemu.selfballoon;

/**
 * Per-host choices for every selfballoon driver: the guest kernel's boot parameters
 * {@code tmem.selfballooning} and {@code tmem.selfshrinking} (both default on, as in Linux), and
 * which upstream version of the frontswap countdown to follow — the seed's ({@code false}: the
 * countdown stays at 0 after a shrink) or the final one ({@code true}: it restarts at
 * {@code frontswap_inertia} after each shrink).
 */
public record SelfballoonOptions(boolean bootSelfballooning, boolean bootSelfshrinking,
                                 boolean frontswapResetInertiaAfterShrink) {
    public static final SelfballoonOptions DEFAULTS = new SelfballoonOptions(true, true, false);
}
