package org.xenemu.caller;

/**
 * How requests say who they are (docs/api.md "Callers"): {@code OPEN} trusts the {@code X-Xen-Domid}
 * header (no credentials, dom0 by default); {@code TOKEN} needs a bearer token.
 */
public enum SecurityMode {
    OPEN, TOKEN
}
