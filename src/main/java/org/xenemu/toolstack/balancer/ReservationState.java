package org.xenemu.toolstack.balancer;

import java.util.Locale;

/**
 * A reservation's life (docs/toolstack.md "Reservations"): {@code pending} until the decider has
 * the memory, then {@code ready} (held) or {@code failed} (with squeezed's reason); {@code ready}
 * becomes {@code transferred} when a domain is built from it. squeezed's RPC blocks instead; the
 * states are xenemu's, so that a client sees virtual time pass.
 */
public enum ReservationState {
    PENDING, READY, FAILED, TRANSFERRED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isSettled() {
        return this != PENDING;
    }
}
