package org.xenemu.balloon;

import java.util.Locale;

/**
 * Where a balloon target came from: the xenstore watch on {@code memory/target}, a sysfs write, or
 * the in-kernel selfballoon driver ({@code balloon_set_new_target}, like sysfs without the HVM offset).
 */
public enum TargetSource {
    XENSTORE, SYSFS, SELFBALLOON;

    /** Computed once: the balloon driver names its target's source at every change. */
    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wireName;
    }
}
