package org.xenemu.xenstore.txn;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.xenemu.xenstore.store.Node;
import org.xenemu.xenstore.store.Overlay;
import org.xenemu.xenstore.store.Tree;

/**
 * Decides whether a transaction may commit (docs/xenstore.md "Transactions", C xenstored's
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
 * Further cases measured on the same daemon:
 * <pre>
 *  T: write existing /c/x           O: remove sibling /c/z                  → OK  (T never accessed /c)
 *  T: remove /c/x                   O: remove /c/z                          → EAGAIN (both change /c)
 *  T: read /c/x                     O: remove and re-create /c/x            → EAGAIN (new generation)
 *  T: read /c/x                     O: set perms of /c                      → OK
 *  T: create /c/u1                  O: set perms of /c                      → EAGAIN (T accessed /c)
 *  T: mkdir existing /c/x           O: write /c/x                           → EAGAIN (mkdir looked at it)
 *  T: rm missing /c/nope            O: create /c/other                      → EAGAIN (rm looked at /c)
 *  T: read /c/x                     O: write the value of /c                → OK
 *  T: create /c/a/b (and /c/a)      O: write existing /c/x                  → OK
 *  T: create /c/a/b (and /c/a)      O: create /c/a                          → EAGAIN
 *  T: get perms of /c/x             O: set perms of /c/x                    → EAGAIN
 *  T: rm /c                         O: write /c/x                           → EAGAIN
 * </pre>
 * A lookup that fails (missing node) also reads the ancestors up to the nearest existing one,
 * for privileged callers too (C's {@code get_node} → {@code errno_from_parents}), so they are
 * accessed as well; measured on the same daemon:
 * <pre>
 *  T: read missing /c/nope          O: create /c/other                      → EAGAIN (T read /c)
 *  T: read missing /c/nope          O: write the value of /c                → EAGAIN
 *  T: read missing /c/a/b           O: create /c/a                          → EAGAIN
 *  T: read missing /c/a/b           O: create /c/other                      → EAGAIN (/c nearest)
 *  T: read missing /c/a/b           O: create /zz                           → OK  (/ not read)
 *  T: read missing /zz/a            O: create /other2                       → EAGAIN (/ nearest)
 *  T: get perms / list missing /c/nope  O: create /c/other                  → EAGAIN
 *  T: rm missing /c/a/b             O: create /c/other                      → EAGAIN
 * </pre>
 * The transaction answers later reads from each node as it first accessed it (see
 * {@link Overlay}); the recorded generations are those of these kept nodes.
 * Looking up a parent only to know who may see a watch event is not an access.
 * A transaction that accessed nothing (START then END) always commits.
 */
public final class Conflicts {
    private Conflicts() {
    }

    /** The first accessed path whose generation moved, or null when the transaction may commit. */
    public static @Nullable String firstConflict(Overlay transaction, Tree tree) {
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
