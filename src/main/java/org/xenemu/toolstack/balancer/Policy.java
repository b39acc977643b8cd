package org.xenemu.toolstack.balancer;

import java.util.Locale;
import org.xenemu.error.XenException;

/** Who decides the guests' targets (docs/toolstack.md): nobody (the user), squeezed, or MoM. */
public enum Policy {
    /** No decider: targets move only when a toolstack or a user sets them (xenemu's behaviour before issue 13). */
    NONE,
    /** XAPI's squeezed (docs/toolstack.md "squeezed policy"). */
    SQUEEZED,
    /** oVirt's MoM balloon policy (docs/toolstack.md "MoM policy"). */
    MOM;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** EINVAL for an unknown name. */
    public static Policy ofWireName(String name) {
        for (Policy p : values()) {
            if (p.wireName().equals(name)) {
                return p;
            }
        }
        throw XenException.invalid("policy must be none, squeezed or mom");
    }
}
