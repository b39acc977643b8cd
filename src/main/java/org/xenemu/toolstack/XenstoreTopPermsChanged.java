package org.xenemu.toolstack;

import java.util.List;
import org.xenemu.events.XenEvent;

/**
 * The permissions of {@code /}, {@code /local} or {@code /local/domain} changed (issue 18): as in C
 * xenstored, dom0 may make them writable by every domain, after which any guest may remove every
 * domain's home. xenemu keeps that behaviour and makes it visible. {@code perms} is the node's new
 * permission list as xenstore spells it ({@code n0}, {@code b5}, …; the first is the owner and the
 * default for every other domain).
 */
public record XenstoreTopPermsChanged(String path, List<String> perms) implements XenEvent {
    public XenstoreTopPermsChanged {
        perms = List.copyOf(perms);
    }
}
