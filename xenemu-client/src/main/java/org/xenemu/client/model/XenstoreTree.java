package org.xenemu.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.xenemu.client.Perm;

/**
 * A subtree as {@code GET /xenstore/tree/{path}} walks it (like {@code xenstore-ls -p}).
 *
 * @param name     the node's name ({@code ""} for the root)
 * @param value    its value as text, when printable
 * @param base64   its value's bytes
 * @param perms    its permissions
 * @param children its readable children, in creation order
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record XenstoreTree(String name, Optional<String> value, String base64, List<Perm> perms,
                           List<XenstoreTree> children) {
    public XenstoreTree {
        value = value == null ? Optional.empty() : value;
        base64 = base64 == null ? "" : base64;
        perms = perms == null ? List.of() : List.copyOf(perms);
        children = children == null ? List.of() : List.copyOf(children);
    }

    /** The value's bytes. */
    public byte[] bytes() {
        return Base64.getDecoder().decode(base64);
    }

    /** A direct child by name. */
    public Optional<XenstoreTree> child(String childName) {
        return children.stream().filter(c -> c.name().equals(childName)).findFirst();
    }
}
