package org.xenemu.xenstore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.xenemu.error.XenException;
import org.xenemu.xenstore.perms.Identity;
import org.xenemu.xenstore.perms.NodePerms;
import org.xenemu.xenstore.store.Node;
import org.xenemu.xenstore.store.Overlay;
import org.xenemu.xenstore.store.Tree;
import org.xenemu.xenstore.store.XsPath;
import org.xenemu.xenstore.watch.PendingEvent;

/**
 * Domain management of xenstore.txt (INTRODUCE, RELEASE, RESUME, SET_TARGET,
 * IS_DOMAIN_INTRODUCED; privileged only, EACCES otherwise) and the permissions of the special
 * watch paths {@code @introduceDomain} / {@code @releaseDomain}. Runs under the engine's lock.
 *
 * <p>At most {@code maxIntroducedDomains} domains besides dom0 are introduced at a time (0 = no
 * bound): each costs the socket server a listening socket (and up to
 * {@code xenemu.wire.guest-max-connections} more descriptors), and a toolstack that INTRODUCEs
 * made-up domids must not be able to take every file descriptor of the process (issue 18). Past
 * the bound INTRODUCE of a new domain answers ENOMEM, as C xenstored 4.17 does when it cannot
 * create a domain: {@code do_introduce} answers the errno of {@code introduce_domain}, and the
 * failures that are about resources set {@code errno = ENOMEM} ({@code alloc_domain},
 * {@code new_domain}'s path and connection; tools/xenstore/xenstored_domain.c). C has no such
 * count; on a real host the hypervisor bounds the domains. Re-introducing a domain is still OK.
 */
final class DomainControl {
    private final XenstoreEngine engine;
    private final Tree tree;
    private final Domains domains;
    private final Map<String, NodePerms> specialPerms = new HashMap<>(Map.of(
            XsPath.INTRODUCE_DOMAIN, NodePerms.DOM0_ONLY, XsPath.RELEASE_DOMAIN, NodePerms.DOM0_ONLY));

    private final int maxIntroducedDomains;

    DomainControl(XenstoreEngine engine, Tree tree, Domains domains, int maxIntroducedDomains) {
        this.engine = engine;
        this.tree = tree;
        this.domains = domains;
        this.maxIntroducedDomains = maxIntroducedDomains;
    }

    void introduce(EngineConnection c, int domid, long gfn) {
        XenstoreEngine.verifyPrivileged(c, "INTRODUCE");
        verifyDomid(domid);
        Set<EngineConnection> touched = new LinkedHashSet<>();
        engine.write(() -> {
            var known = domains.gfn(domid);
            if (known.isPresent()) {
                if (known.get() != gfn && domid != 0) {
                    throw XenException.invalid("domain " + domid + " is already introduced with another ring page");
                }
                return null; // C: re-introduction rebinds the event channel, no event
            }
            if (domid != 0 && maxIntroducedDomains > 0 && domains.guestCount() >= maxIntroducedDomains) {
                throw XenException.noMemory("xenstore has " + maxIntroducedDomains + " introduced domains, its bound "
                        + "(xenemu.xenstore.max-introduced-domains): release one first");
            }
            domains.introduce(domid, gfn);
            engine.fire(PendingEvent.special(XsPath.INTRODUCE_DOMAIN, special(XsPath.INTRODUCE_DOMAIN)), touched);
            return null;
        });
        XenstoreEngine.flush(touched);
    }

    /**
     * RELEASE: forgets the domain, removes the nodes it owns (C xenstored since XSA-419), drops
     * the watches and transactions of its connections and fires {@code @releaseDomain}.
     */
    void release(EngineConnection c, int domid) {
        XenstoreEngine.verifyPrivileged(c, "RELEASE");
        verifyDomid(domid);
        if (domid == 0) {
            throw XenException.invalid("dom0 cannot be released");
        }
        Set<EngineConnection> touched = new LinkedHashSet<>();
        engine.write(() -> {
            if (!domains.isIntroduced(domid)) {
                throw XenException.notFound("domain " + domid + " is not introduced");
            }
            domains.release(domid);
            for (EngineConnection other : engine.connectionsOf(domid)) {
                engine.dropAll(other);
            }
            Overlay o = new Overlay(tree);
            List<String> owned = new ArrayList<>();
            for (Map.Entry<String, Node> e : tree.entries()) {
                if (!XsPath.ROOT.equals(e.getKey()) && e.getValue().perms().owner() == domid) {
                    owned.add(e.getKey());
                }
            }
            owned.sort((a, b) -> Integer.compare(a.length(), b.length()));
            for (String path : owned) {
                Node node = o.get(path);
                if (node != null) {
                    engine.ops().removeSubtree(o, path, node);
                }
            }
            engine.commit(o, touched);
            engine.fire(PendingEvent.special(XsPath.RELEASE_DOMAIN, special(XsPath.RELEASE_DOMAIN)), touched);
            return null;
        });
        XenstoreEngine.flush(touched);
    }

    void resume(EngineConnection c, int domid) {
        XenstoreEngine.verifyPrivileged(c, "RESUME");
        verifyDomid(domid);
        engine.read(() -> {
            if (!domains.isIntroduced(domid)) {
                throw XenException.notFound("domain " + domid + " is not introduced");
            }
            return null;
        });
    }

    void setTarget(EngineConnection c, int domid, int target) {
        XenstoreEngine.verifyPrivileged(c, "SET_TARGET");
        verifyDomid(domid);
        verifyDomid(target);
        engine.write(() -> {
            if (!domains.isIntroduced(domid) || !domains.isIntroduced(target)) {
                throw XenException.notFound("both domains must be introduced");
            }
            domains.setTarget(domid, target);
            return null;
        });
    }

    boolean isDomainIntroduced(EngineConnection c, int domid) {
        XenstoreEngine.verifyPrivileged(c, "IS_DOMAIN_INTRODUCED");
        return engine.read(() -> domains.isIntroduced(domid));
    }

    private static void verifyDomid(int domid) {
        if (domid < 0 || domid >= 0x7FF0) {
            throw XenException.invalid("not a domain id: " + domid);
        }
    }

    /** The permissions of {@code @introduceDomain} or {@code @releaseDomain}, which always have some. */
    private NodePerms special(String path) {
        return Objects.requireNonNull(specialPerms.get(path), path);
    }

    NodePerms specialPerms(EngineConnection c, String path) {
        return engine.read(() -> {
            NodePerms p = special(path);
            if (!p.mayRead(engine.identity(c))) {
                throw XenException.accessDenied("domain " + c.domid() + " may not read " + path);
            }
            return p;
        });
    }

    void setSpecialPerms(EngineConnection c, String path, NodePerms perms) {
        engine.write(() -> {
            Identity who = engine.identity(c);
            NodePerms current = special(path);
            if (!current.mayWrite(who)) {
                throw XenException.accessDenied("domain " + c.domid() + " may not change " + path);
            }
            engine.ops().verifyPermsChange(who, current, perms, path);
            specialPerms.put(path, perms);
            return null;
        });
    }

    /** Snapshot: the special paths' permission strings. */
    Map<String, List<String>> specialPermStrings() {
        Map<String, List<String>> out = new TreeMap<>();
        specialPerms.forEach((path, perms) -> out.put(path, perms.strings()));
        return out;
    }

    void restoreSpecialPerms(Map<String, NodePerms> saved) {
        specialPerms.clear();
        specialPerms.putAll(saved);
    }
}
