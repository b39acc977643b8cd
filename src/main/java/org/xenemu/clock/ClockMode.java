package org.xenemu.clock;

/** How the virtual clock moves: with the wall clock (scaled by speed), or only when asked. */
public enum ClockMode {
    REALTIME, MANUAL;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
