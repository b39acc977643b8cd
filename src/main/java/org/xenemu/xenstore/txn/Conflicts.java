package org.xenemu.xenstore.txn;

import java.util.Map;
import org.xenemu.xenstore.store.Node;
import org.xenemu.xenstore.store.Overlay;
import org.xenemu.xenstore.store.Tree;

/**
 * Decides whether a transaction may commit (XENSTORE.md "Transactions", C xenstored's
 * {@code transaction.c}): it fails with EAGAIN when a node the transaction <em>accessed</em> was
 * <em>changed</em> by someone else since the transaction first looked at it.
 *
 * <p><b>Accessed</b> = read (also a read that found the node missing), listed, written, removed,
 * perms set, and the parent of a node the transaction created or removed; the transaction's
 * overlay records each such node's generation count at first access ({@code -1}: missing).
 * <b>Changed</b> = written (even with the same value), created, removed, perms set, or a child
 * created or removed under it; every committed change gives the node a new generation, a removed
 * node has none. Writing an existing child does not change its parent; MKDIR of an existing node
 * changes nothing. So a commit conflicts exactly when some recorded generation differs from the
 * node's generation now.
 *
 * <p>Worked examples (transaction T; someone else O commits between T's access and T's commit),
 * the table measured on C xenstored 4.17:
 * <pre>
 *  T: write existing /c/x           O: write existing /f/y or sibling /c/z  → OK
 *     (T accessed only /c/x; O changed /f/y or /c/z, not /c)
 *  T: write existing /c/x           O: write /c/x                           → EAGAIN
 *  T: write existing /c/x           O: set perms of /c/x                    → EAGAIN
 *  T: write existing /c/x           O: mkdir existing /c/x                  → OK  (nothing changed)
 *  T: create /c/u1                  O: create /c/u2                         → EAGAIN
 *     (both add a child to /c: T accessed /c as the parent, O changed it)
 *  T: read /c/x                     O: create /c/new                        → OK  (T never accessed /c)
 *  T: read /c/x                     O: rewrite /c/x with the same value     → EAGAIN
 *  T: read missing /c/nope          O: create /c/nope                       → EAGAIN (missing → present)
 *  T: list /c                       O: create /c/new                        → EAGAIN (child added to /c)
 *  T: list /c                       O: write existing /c/x                  → OK  (/c unchanged)
 * </pre>
 * A transaction that accessed nothing (START then END) always commits.
 */
public final class Conflicts {
    private Conflicts() {
    }

    /** The first accessed path whose generation moved, or null when the transaction may commit. */
    public static String firstConflict(Overlay transaction, Tree tree) {
        for (Map.Entry<String, Long> e : transaction.accessed().entrySet()) {
            Node now = tree.get(e.getKey());
            long generation = now == null ? Overlay.MISSING : now.generation();
            if (generation != e.getValue()) {
                return e.getKey();
            }
        }
        return null;
    }
}
