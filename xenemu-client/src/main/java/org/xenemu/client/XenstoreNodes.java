package org.xenemu.client;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.xenemu.client.model.XenstoreTree;
import org.xenemu.client.model.XenstoreValue;

/**
 * The node operations of xenstore over REST (docs/api.md "Xenstore"; semantics in docs/xenstore.md
 * "Operations"), outside a transaction ({@link XenstoreApi}) or inside one
 * ({@link XenstoreTransaction}). Paths are absolute ({@code /local/domain/1/memory/target}; the
 * special {@code @introduceDomain} / {@code @releaseDomain} for permissions): REST resolves no
 * relative paths. Errors are xenstore's: 404 ENOENT, 403 EACCES, 400 EINVAL, …
 */
public abstract sealed class XenstoreNodes permits XenstoreApi, XenstoreTransaction {
    final Http http;

    XenstoreNodes(Http http) {
        this.http = http;
    }

    /** The transaction id sent in {@code Xs-Transaction}, 0 for none. */
    abstract long transactionId();

    private HttpRequest.Builder inTx(HttpRequest.Builder b) {
        long tx = transactionId();
        return tx == 0 ? b : b.header("Xs-Transaction", Long.toUnsignedString(tx));
    }

    /** READ: the value's bytes. */
    public byte[] read(String path) {
        return http.readBytes(inTx(http.get(url("nodes", path)).header("Accept", "application/octet-stream")));
    }

    /** READ, decoded as UTF-8. */
    public String readString(String path) {
        return new String(read(path), StandardCharsets.UTF_8);
    }

    /** READ of a node that may be missing: empty on ENOENT. */
    public Optional<String> readIfExists(String path) {
        try {
            return Optional.of(readString(path));
        } catch (XenemuException e) {
            if (e.is(Errno.ENOENT)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** READ as the JSON view (text when printable, base64 always). */
    public XenstoreValue readValue(String path) {
        return http.readJson(inTx(http.get(url("nodes", path))), XenstoreValue.class);
    }

    /** WRITE (missing parents are created with empty values). At most 4096 bytes (413 E2BIG). */
    public void write(String path, byte[] value) {
        http.discard(inTx(http.sendBytes("PUT", url("nodes", path), value, "application/octet-stream")));
    }

    /** WRITE of UTF-8 text. */
    public void write(String path, String value) {
        write(path, value.getBytes(StandardCharsets.UTF_8));
    }

    /** MKDIR: creates the node and missing parents; an existing node is left as it is. */
    public void mkdir(String path) {
        http.discard(inTx(http.sendEmpty("POST", url("nodes", path))));
    }

    /** RM: removes the node and its subtree; a missing node whose parent exists is fine. */
    public void rm(String path) {
        http.discard(inTx(http.sendEmpty("DELETE", url("nodes", path))));
    }

    /** DIRECTORY: child names in creation order (the whole list: REST has no 4096-byte limit). */
    public List<String> children(String path) {
        return http.readJsonList(inTx(http.get(url("children", path))), String.class);
    }

    /** The subtree, walked like {@code xenstore-ls -p}. */
    public XenstoreTree tree(String path) {
        return http.readJson(inTx(http.get(url("tree", path))), XenstoreTree.class);
    }

    /** GET_PERMS: entry 0 is the owner and the default. */
    public List<Perm> getPerms(String path) {
        return List.copyOf(http.readJsonList(inTx(http.get(url("perms", path))), Perm.class));
    }

    /** SET_PERMS. */
    public void setPerms(String path, List<Perm> perms) {
        if (perms.isEmpty()) {
            throw new IllegalArgumentException("a permission list has at least one entry (the owner)");
        }
        List<String> body = perms.stream().map(Perm::toString).toList();
        http.discard(inTx(http.sendJson("PUT", url("perms", path), body)));
    }

    /** SET_PERMS. */
    public void setPerms(String path, Perm... perms) {
        setPerms(path, Arrays.asList(perms));
    }

    static String url(String resource, String path) {
        return Http.API + "/xenstore/" + resource + "/" + Http.encodePath(restPath(path));
    }

    /** The path as the URL carries it: absolute without its leading {@code /}; {@code @names} as they are. */
    static String restPath(String path) {
        if (path.startsWith("/")) {
            return path.substring(1);
        }
        if (path.startsWith("@")) {
            return path;
        }
        throw new IllegalArgumentException("xenstore over REST takes absolute paths (or @introduceDomain, "
                + "@releaseDomain): '" + path + "'");
    }
}
