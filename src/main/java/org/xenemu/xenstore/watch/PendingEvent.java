package org.xenemu.xenstore.watch;

import java.util.List;
import org.xenemu.xenstore.perms.Identity;
import org.xenemu.xenstore.perms.NodePerms;

/**
 * A change that will fire watches when it commits (xenstore.txt "Watches"). {@code path} is
 * absolute (or a special {@code @...} path); {@code exact} events reach only watches on exactly
 * that path (removed descendants, special paths), the others reach watches on the path and its
 * ancestors. {@code readableVia} holds the permission lists a watcher may read to be told: the
 * node's, its parent's and, for SET_PERMS, the node's old list (C's {@code watch_permitted}).
 */
public record PendingEvent(String path, boolean exact, List<NodePerms> readableVia) {
    public static PendingEvent special(String path, NodePerms perms) {
        return new PendingEvent(path, true, List.of(perms));
    }

    public boolean permits(Identity watcher) {
        if (watcher.privileged()) {
            return true;
        }
        for (NodePerms p : readableVia) {
            if (p.mayRead(watcher)) {
                return true;
            }
        }
        return false;
    }
}
