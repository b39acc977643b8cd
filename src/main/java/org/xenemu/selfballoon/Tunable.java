package org.xenemu.selfballoon;

import java.util.Arrays;
import java.util.Optional;

/**
 * The nine files of {@code xen_memory0/selfballoon/}, in the order of the seed's
 * {@code selfballoon_attrs[]} (seed 002, docs/memory.md "Selfballoon"). Each carries its seed default
 * and whether it is a 0/1 switch (the others reject 0).
 */
public enum Tunable {
    SELFBALLOONING("selfballooning", "selfballooning", true, 0),
    SELFBALLOON_INTERVAL("selfballoon_interval", "selfballoonInterval", false, 5),
    SELFBALLOON_DOWNHYSTERESIS("selfballoon_downhysteresis", "selfballoonDownhysteresis", false, 8),
    SELFBALLOON_UPHYSTERESIS("selfballoon_uphysteresis", "selfballoonUphysteresis", false, 1),
    SELFBALLOON_MIN_USABLE_MB("selfballoon_min_usable_mb", "selfballoonMinUsableMb", false, 0),
    SELFBALLOON_RESERVED_MB("selfballoon_reserved_mb", "selfballoonReservedMb", false, 0),
    FRONTSWAP_SELFSHRINKING("frontswap_selfshrinking", "frontswapSelfshrinking", true, 0),
    FRONTSWAP_HYSTERESIS("frontswap_hysteresis", "frontswapHysteresis", false, 20),
    FRONTSWAP_INERTIA("frontswap_inertia", "frontswapInertia", false, 3);

    private final String fileName;
    private final String jsonName;
    private final boolean isSwitch;
    private final int defaultValue;

    Tunable(String fileName, String jsonName, boolean isSwitch, int defaultValue) {
        this.fileName = fileName;
        this.jsonName = jsonName;
        this.isSwitch = isSwitch;
        this.defaultValue = defaultValue;
    }

    /** The sysfs file name. */
    public String fileName() {
        return fileName;
    }

    /** The member name in the JSON view. */
    public String jsonName() {
        return jsonName;
    }

    /** A 0/1 switch (selfballooning, frontswap_selfshrinking) rather than a number that rejects 0. */
    public boolean isSwitch() {
        return isSwitch;
    }

    /** The value before the driver starts (the switches and reserved_mb are set at start). */
    public int defaultValue() {
        return defaultValue;
    }

    public static Optional<Tunable> byFileName(String name) {
        return Arrays.stream(values()).filter(t -> t.fileName.equals(name)).findFirst();
    }
}
