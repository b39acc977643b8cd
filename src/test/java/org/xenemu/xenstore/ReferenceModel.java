package org.xenemu.xenstore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;

/**
 * A deliberately naive xenstore: a sorted map of paths, written straight from docs/xenstore.md (the whole page), used
 * as the oracle of {@link StoreModelPropertyTest}. No overlays, no generations, no watches.
 */
final class ReferenceModel {
    record MNode(byte[] value, List<String> perms, List<String> children) {
        MNode copy() {
            return new MNode(value, List.copyOf(perms), new ArrayList<>(children));
        }
    }

    final TreeMap<String, MNode> nodes = new TreeMap<>();
    final int nodeQuota;
    /**
     * Set while replaying a transaction's operation: what the caller owned in the committed tree
     * when the transaction ran it, the count C xenstored checks inside a transaction (its own
     * creations not included). Not copied.
     */
    Integer committedCountInTx;

    ReferenceModel(int nodeQuota) {
        this.nodeQuota = nodeQuota;
    }

    ReferenceModel copy() {
        ReferenceModel m = new ReferenceModel(nodeQuota);
        nodes.forEach((k, v) -> m.nodes.put(k, v.copy()));
        return m;
    }

    static ReferenceModel initial(int nodeQuota) {
        ReferenceModel m = new ReferenceModel(nodeQuota);
        m.nodes.put("/", new MNode(new byte[0], List.of("n0"), new ArrayList<>()));
        for (String p : List.of("/tool", "/tool/xenstored", "/local", "/local/domain", "/local/domain/0")) {
            m.add(p, new byte[0], List.of("n0"));
        }
        m.add("/local/domain/0/name", "Domain-0".getBytes(), List.of("n0"));
        m.add("/local/domain/0/domid", "0".getBytes(), List.of("n0"));
        return m;
    }

    void add(String path, byte[] value, List<String> perms) {
        nodes.put(path, new MNode(value, perms, new ArrayList<>()));
        nodes.get(parent(path)).children().add(name(path));
    }

    static String parent(String p) {
        int i = p.lastIndexOf('/');
        return i == 0 ? "/" : p.substring(0, i);
    }

    static String name(String p) {
        return p.substring(p.lastIndexOf('/') + 1);
    }

    static char access(List<String> perms, int domid, boolean priv) {
        if (priv || Integer.parseInt(perms.get(0).substring(1)) == domid) {
            return 'b';
        }
        for (int i = 1; i < perms.size(); i++) {
            if (Integer.parseInt(perms.get(i).substring(1)) == domid) {
                return perms.get(i).charAt(0);
            }
        }
        return perms.get(0).charAt(0);
    }

    static boolean grants(List<String> perms, int domid, boolean priv, boolean write) {
        char a = access(perms, domid, priv);
        return a == 'b' || a == (write ? 'w' : 'r');
    }

    /** The node, or ENOENT/EACCES with the "existence does not leak" rule. */
    MNode get(String path, int domid, boolean priv, boolean write) {
        MNode n = nodes.get(path);
        if (n != null && grants(n.perms(), domid, priv, write)) {
            return n;
        }
        if (n != null) {
            throw XenException.accessDenied("model");
        }
        String p = path;
        while (!p.equals("/")) {
            p = parent(p);
            MNode a = nodes.get(p);
            if (a != null) {
                if (grants(a.perms(), domid, priv, write)) {
                    throw XenException.notFound("model");
                }
                throw XenException.accessDenied("model");
            }
        }
        throw XenException.accessDenied("model");
    }

    int owned(int domid) {
        int n = 0;
        for (Map.Entry<String, MNode> e : nodes.entrySet()) {
            if (!e.getKey().equals("/") && Integer.parseInt(e.getValue().perms().get(0).substring(1)) == domid) {
                n++;
            }
        }
        return n;
    }

    private MNode existing(String path, int domid, boolean priv) {
        try {
            return get(path, domid, priv, true);
        } catch (XenException e) {
            if (e.errno() == Errno.ENOENT) {
                return null;
            }
            throw e;
        }
    }

    private void create(String path, byte[] value, int domid, boolean priv) {
        List<String> missing = new ArrayList<>();
        String p = path;
        while (!nodes.containsKey(p)) {
            missing.add(0, p);
            p = parent(p);
        }
        boolean over = committedCountInTx != null ? committedCountInTx >= nodeQuota
                : owned(domid) + missing.size() > nodeQuota;
        if (!priv && nodeQuota > 0 && over) {
            throw XenException.of(Errno.ENOSPC, "model");
        }
        for (String m : missing) {
            List<String> perms = new ArrayList<>(nodes.get(parent(m)).perms());
            if (!priv) {
                perms.set(0, perms.get(0).charAt(0) + Integer.toString(domid));
            }
            add(m, m.equals(path) ? value : new byte[0], List.copyOf(perms));
        }
    }

    void write(String path, byte[] value, int domid, boolean priv) {
        MNode n = existing(path, domid, priv);
        if (n != null) {
            nodes.put(path, new MNode(value, n.perms(), n.children()));
        } else {
            create(path, value, domid, priv);
        }
    }

    void mkdir(String path, int domid, boolean priv) {
        if (existing(path, domid, priv) == null) {
            create(path, new byte[0], domid, priv);
        }
    }

    void rm(String path, int domid, boolean priv) {
        MNode n = existing(path, domid, priv);
        if (n == null) {
            if (!nodes.containsKey(parent(path))) {
                throw XenException.notFound("model");
            }
            return;
        }
        nodes.keySet().removeIf(k -> k.equals(path) || k.startsWith(path + "/"));
        nodes.get(parent(path)).children().remove(name(path));
    }

    byte[] read(String path, int domid, boolean priv) {
        return get(path, domid, priv, false).value();
    }

    List<String> directory(String path, int domid, boolean priv) {
        return List.copyOf(get(path, domid, priv, false).children());
    }

    void setPerms(String path, List<String> perms, int domid, boolean priv) {
        MNode n = get(path, domid, priv, true);
        if (!priv) {
            if (Integer.parseInt(n.perms().get(0).substring(1)) != domid) {
                throw XenException.accessDenied("model");
            }
            if (!perms.get(0).substring(1).equals(n.perms().get(0).substring(1))) {
                throw XenException.notPermitted("model");
            }
        }
        nodes.put(path, new MNode(n.value(), List.copyOf(perms), n.children()));
    }
}
