package org.xenemu.xenstore.perms;

/**
 * Who an operation acts as for permission checks: the connection's domain, whether it is
 * privileged (dom0 and every dom0-socket connection bypass checks), and the domain it acts for
 * after SET_TARGET ({@code -1} when none).
 */
public record Identity(int domid, boolean privileged, int target) {
    public static Identity of(int domid, boolean privileged) {
        return new Identity(domid, privileged, -1);
    }
}
