package org.xenemu.xenstore.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.xenemu.error.XenException;
import org.xenemu.xenstore.QuotaReport;
import org.xenemu.xenstore.WatchSink;
import org.xenemu.xenstore.Xenstore;
import org.xenemu.xenstore.XsConnection;

/**
 * A deliberately small stand-in for the store, enough to exercise the socket plumbing (values,
 * children, watches, introduce/release) without the real core. No permissions, no isolation.
 */
final class FakeXenstore implements Xenstore {
    final Map<String, byte[]> nodes = new TreeMap<>();
    final Set<Integer> domains = ConcurrentHashMap.newKeySet();
    final List<FakeConn> conns = new CopyOnWriteArrayList<>();
    private long nextTx = 1;
    /** Moves with every change {@link #fire} reports. */
    private long generation;

    FakeXenstore() {
        nodes.put("/", new byte[0]);
        domains.add(0);
    }

    @Override
    public XsConnection connect(int domid, boolean privileged, WatchSink sink) {
        FakeConn c = new FakeConn(domid, privileged, sink);
        conns.add(c);
        return c;
    }

    @Override
    public Set<Integer> introducedDomains() {
        return Set.copyOf(domains);
    }

    @Override
    public QuotaReport quota(int domid) {
        return new QuotaReport(domid, domid == 0, Map.of(), Map.of());
    }

    @Override
    public long generation() {
        return generation;
    }

    void fire(String path) {
        generation++;
        for (FakeConn c : conns) {
            for (String[] w : c.watches) {
                String wp = c.abs(w[0]);
                if (path.equals(wp) || path.startsWith(wp.equals("/") ? "/" : wp + "/")) {
                    String shown = w[0].startsWith("/") || path.startsWith("@") ? path
                        : path.substring(("/local/domain/" + c.domid + "/").length());
                    if (!c.sink.deliver(shown, w[1])) {
                        c.close();
                    }
                }
            }
        }
    }

    final class FakeConn implements XsConnection {
        final int domid;
        final boolean privileged;
        final WatchSink sink;
        final List<String[]> watches = new CopyOnWriteArrayList<>();
        volatile boolean closed;

        FakeConn(int domid, boolean privileged, WatchSink sink) {
            this.domid = domid;
            this.privileged = privileged;
            this.sink = sink;
        }

        String abs(String path) {
            if (path.isEmpty() || (path.length() > 1 && path.endsWith("/")) || path.contains("//")) {
                throw XenException.invalid("bad path");
            }
            return path.startsWith("/") || path.startsWith("@") ? path : "/local/domain/" + domid + "/" + path;
        }

        @Override public int domid() { return domid; }
        @Override public boolean privileged() { return privileged; }

        @Override
        public byte[] read(long tx, String path) {
            synchronized (FakeXenstore.this) {
                byte[] v = nodes.get(abs(path));
                if (v == null) {
                    throw XenException.notFound(path);
                }
                return v.clone();
            }
        }

        @Override
        public void write(long tx, String path, byte[] value) {
            String p = abs(path);
            synchronized (FakeXenstore.this) {
                for (String a = parent(p); a != null && !nodes.containsKey(a); a = parent(a)) {
                    nodes.put(a, new byte[0]);
                }
                nodes.put(p, value.clone());
            }
            FakeXenstore.this.fire(p);
        }

        @Override
        public void mkdir(long tx, String path) {
            String p = abs(path);
            synchronized (FakeXenstore.this) {
                if (nodes.containsKey(p)) {
                    return;
                }
            }
            write(tx, path, new byte[0]);
        }

        @Override
        public void rm(long tx, String path) {
            String p = abs(path);
            synchronized (FakeXenstore.this) {
                nodes.keySet().removeIf(k -> k.equals(p) || k.startsWith(p + "/"));
            }
            FakeXenstore.this.fire(p);
        }

        @Override
        public List<String> directory(long tx, String path) {
            return children(tx, path);
        }

        @Override
        public List<String> children(long tx, String path) {
            String p = abs(path);
            synchronized (FakeXenstore.this) {
                if (!nodes.containsKey(p)) {
                    throw XenException.notFound(path);
                }
                Set<String> out = new TreeSet<>();
                String prefix = p.equals("/") ? "/" : p + "/";
                for (String k : nodes.keySet()) {
                    if (k.startsWith(prefix) && k.length() > prefix.length()) {
                        out.add(k.substring(prefix.length()).split("/")[0]);
                    }
                }
                return new ArrayList<>(out);
            }
        }

        @Override
        public DirectoryPart directoryPart(long tx, String path, int offset) {
            byte[] all = WireArgs.joined(children(tx, path));
            int from = Math.min(offset, all.length);
            byte[] chunk = new byte[all.length - from + 1];
            System.arraycopy(all, from, chunk, 0, all.length - from);
            return new DirectoryPart(7, chunk);
        }

        @Override public List<String> getPerms(long tx, String path) { read(tx, path); return List.of("n0"); }
        @Override public void setPerms(long tx, String path, List<String> perms) { read(tx, path); FakeXenstore.this.fire(abs(path)); }

        @Override
        public void watch(String path, String token) {
            for (String[] w : watches) {
                if (w[0].equals(path) && w[1].equals(token)) {
                    throw XenException.of(org.xenemu.error.Errno.EEXIST, "duplicate watch");
                }
            }
            watches.add(new String[] {path, token});
            sink.deliver(path, token);
        }

        @Override
        public void unwatch(String path, String token) {
            if (!watches.removeIf(w -> w[0].equals(path) && w[1].equals(token))) {
                throw XenException.notFound("no such watch");
            }
        }

        @Override public void resetWatches() { watches.clear(); }

        @Override
        public long transactionStart(long tx) {
            if (tx != 0) {
                throw XenException.busy("nested");
            }
            synchronized (FakeXenstore.this) {
                return nextTx++;
            }
        }

        @Override public void transactionEnd(long tx, boolean commit) { }

        @Override
        public void introduce(int id, long gfn, int evtchn) {
            domains.add(id);
            FakeXenstore.this.fire("@introduceDomain");
        }

        @Override
        public void release(int id) {
            domains.remove(id);
            FakeXenstore.this.fire("@releaseDomain");
        }

        @Override public void resume(int id) { }
        @Override public void setTarget(int id, int target) { }
        @Override public boolean isDomainIntroduced(int id) { return domains.contains(id); }
        @Override public String getDomainPath(int id) { return "/local/domain/" + id; }
        @Override public String control(List<String> args) { return "help\t\n"; }

        @Override
        public void close() {
            closed = true;
            watches.clear();
            conns.remove(this);
        }
    }

    private static String parent(String p) {
        if (p.equals("/") || p.startsWith("@")) {
            return null;
        }
        int i = p.lastIndexOf('/');
        return i == 0 ? "/" : p.substring(0, i);
    }
}
