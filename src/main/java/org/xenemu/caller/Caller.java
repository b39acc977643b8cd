package org.xenemu.caller;

import org.xenemu.error.XenException;

/**
 * Who a request acts as: a domain, and whether it is root inside that guest (docs/api.md "Callers").
 * dom0 is privileged in xenstore; a guest is unprivileged in xenstore but may be root in itself.
 */
public record Caller(int domid, boolean guestRoot) {
    /** Domain ids at or above DOMID_FIRST_RESERVED (0x7FF0) are not real domains. */
    public static final int DOMID_FIRST_RESERVED = 0x7FF0;

    public static final Caller DOM0 = new Caller(0, true);

    public Caller {
        if (domid < 0 || domid >= DOMID_FIRST_RESERVED) {
            throw new IllegalArgumentException("domid out of range: " + domid);
        }
    }

    public static Caller guest(int domid, boolean root) {
        return new Caller(domid, root);
    }

    public boolean isDom0() {
        return domid == 0;
    }

    /** May this caller reach the guest resources of {@code domid}? Itself, or dom0 for everyone. */
    public boolean mayReachGuest(int targetDomid) {
        return isDom0() || domid == targetDomid;
    }

    /** "dom0 only": EACCES with {@code detail} for any other caller. Doors call it before anything else. */
    public void verifyDom0(String detail) {
        if (!isDom0()) {
            throw XenException.accessDenied(detail);
        }
    }

    /**
     * "Own domain only": EACCES with {@code detail} unless this caller may reach {@code targetDomid}.
     * Doors call it before they look the domain up, so that a guest cannot tell by the errno whether
     * another domain exists (EACCES before ENOENT).
     */
    public void verifyMayReach(int targetDomid, String detail) {
        if (!mayReachGuest(targetDomid)) {
            throw XenException.accessDenied(detail);
        }
    }

    /**
     * As {@link #verifyMayReach(int, String)} with the detail "domain C may not reach domain T",
     * built only when the answer is no (engine doors call this on every request).
     */
    public void verifyMayReach(int targetDomid) {
        if (!mayReachGuest(targetDomid)) {
            throw XenException.accessDenied("domain " + domid + " may not reach domain " + targetDomid);
        }
    }
}
