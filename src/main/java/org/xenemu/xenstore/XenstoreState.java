package org.xenemu.xenstore;

import java.util.List;
import java.util.Map;

/**
 * What a snapshot keeps of the store (docs/snapshots.md): every node with its value, permissions
 * and generation (parents first, children in creation order), the global generation counter, the
 * introduced domains with their ring pages, SET_TARGET pairs, the permissions of the special watch
 * paths and the next transaction id. Connections are not kept: a restore closes them all, as a
 * restarted xenstored would; the engines inside the host connect again and re-register their own
 * watches ({@link XsConnection#restoreWatch}). Quota usage follows: nodes from the owners, watches
 * from the engines' watches, no transaction open.
 */
public record XenstoreState(List<NodeState> nodes, long generation, Map<Integer, Long> introduced,
                            Map<Integer, Integer> targets, Map<String, List<String>> specialPerms,
                            long nextTransactionId) {
    public XenstoreState {
        nodes = List.copyOf(nodes);
        introduced = Map.copyOf(introduced);
        targets = Map.copyOf(targets);
        specialPerms = Map.copyOf(specialPerms);
    }

    /** One node: absolute path, value bytes, permission strings ({@code n0}, {@code r5}), generation. */
    public record NodeState(String path, byte[] value, List<String> perms, long generation) {
        public NodeState {
            perms = List.copyOf(perms);
        }
    }
}
