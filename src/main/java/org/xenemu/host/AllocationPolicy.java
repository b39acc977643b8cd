package org.xenemu.host;

import java.util.Locale;

/**
 * How the host picks nodes for a domain's new pages (docs/memory.md "Host"; seed 001 "numa"):
 * {@code nearest} searches concentric circles from the home node (distance, then node id);
 * {@code round-robin} spreads pages across nodes in turn, the seed's original behaviour.
 */
public enum AllocationPolicy {
    NEAREST, ROUND_ROBIN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Accepts {@code nearest}, {@code round-robin} (and {@code round_robin}, any case). */
    public static AllocationPolicy fromWire(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
