package org.xenemu.balloon;

import java.util.Locale;

/** Where a balloon target came from: the xenstore watch on {@code memory/target} or a sysfs write. */
public enum TargetSource {
    XENSTORE, SYSFS;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
