package org.xenemu.client.xs;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.xenemu.client.Errno;
import org.xenemu.client.Perm;

/**
 * The node operations of xenstore (docs/xenstore.md "Operations"), outside a transaction
 * ({@link XsClient}) or inside one ({@link XsTransaction}). Paths are absolute or relative to the
 * connection's home ({@code /local/domain/0} on dom0's socket, {@code /local/domain/<id>} on a
 * guest's). Failures are {@link XsException}s with the server's errno.
 */
public interface XsOps {
    /** READ: the raw value bytes. ENOENT missing, EACCES unreadable. */
    byte[] read(String path);

    /** READ, decoded as UTF-8. */
    default String readString(String path) {
        return new String(read(path), StandardCharsets.UTF_8);
    }

    /** READ of a node that may be missing: empty on ENOENT. */
    default Optional<String> readIfExists(String path) {
        try {
            return Optional.of(readString(path));
        } catch (XsException e) {
            if (e.is(Errno.ENOENT)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Whether a READ finds the node (EACCES counts as existing, as {@code xenstore-exists} sees it). */
    default boolean exists(String path) {
        try {
            read(path);
            return true;
        } catch (XsException e) {
            if (e.is(Errno.ENOENT)) {
                return false;
            }
            if (e.is(Errno.EACCES)) {
                return true;
            }
            throw e;
        }
    }

    /** WRITE: sets the value (raw bytes, may contain NULs); missing parents are created empty. */
    void write(String path, byte[] value);

    /** WRITE of UTF-8 text. */
    default void write(String path, String value) {
        write(path, value.getBytes(StandardCharsets.UTF_8));
    }

    /** MKDIR: creates the node and missing parents; an existing node is a silent success. */
    void mkdir(String path);

    /** RM: removes the node and its subtree; a missing node whose parent exists is fine. */
    void rm(String path);

    /** DIRECTORY: child names in creation order (DIRECTORY_PART when the list exceeds a frame). */
    List<String> directory(String path);

    /** GET_PERMS: entry 0 is the owner and the default. */
    List<Perm> getPerms(String path);

    /** SET_PERMS: owner or privileged only. */
    void setPerms(String path, List<Perm> perms);

    /** SET_PERMS. */
    default void setPerms(String path, Perm... perms) {
        setPerms(path, Arrays.asList(perms));
    }
}
