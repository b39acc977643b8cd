package org.xenemu.toolstack.balancer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;
import org.xenemu.clock.ScheduledTask;
import org.xenemu.clock.Scheduler;
import org.xenemu.error.XenException;
import org.xenemu.host.Host;
import org.xenemu.xenstore.NodePath;
import org.xenemu.xenstore.XsConnection;

/**
 * squeezed's view of xenstore (squeezed's {@code squeeze_xen.ml}: the {@code Domain} cache and the watch thread; docs/toolstack.md "squeezed policy (`policy: squeezed`)"): a dom0
 * client that watches {@code @introduceDomain} and {@code @releaseDomain} (token {@code squeezed})
 * and, per domain but dom0, exactly these eight keys (token {@code squeezed:domain-<domid>}):
 * <pre>
 *   memory/initial-reservation  memory/target        control/feature-balloon  data/updated
 *   memory/memory-offset        memory/uncooperative memory/dynamic-min       memory/dynamic-max
 * </pre>
 * A watch event only refreshes the cache (the value, or "absent"); it triggers no balancing, as in
 * squeezed. The watch sink runs on whichever thread committed the change, so it only queues the
 * event and re-arms a scheduler task for the current jiffy; the task reads the values under the
 * engine lock. squeezed's watch thread handles an event within microseconds of the commit, long
 * before its next iteration (a second apart), so every decision first {@link #catchUp catches up}:
 * an iteration never decides on a range (or a domain) that a commit before it already replaced,
 * whatever order the tasks of one jiffy run in. Writes go through {@link #write} and {@link #remove}, which skip a value the cache
 * already holds (squeezed's {@code write_noexn}) and keep the cache current at once.
 */
final class DomainCache {
    static final String GLOBAL_TOKEN = "squeezed";
    static final String DOMAIN_TOKEN_PREFIX = "squeezed:domain-";
    static final List<String> KEYS = List.of("memory/initial-reservation", "memory/target", "control/feature-balloon",
            "data/updated", "memory/memory-offset", "memory/uncooperative", "memory/dynamic-min", "memory/dynamic-max");

    private final Host host;
    private final ScheduledTask refresh;
    private final ConcurrentLinkedQueue<String[]> inbox = new ConcurrentLinkedQueue<>();
    private final Map<Integer, Map<String, String>> values = new TreeMap<>();
    private @Nullable XsConnection xs;
    private volatile boolean watching;
    private long watchEvents;

    DomainCache(Host host, Scheduler scheduler) {
        this.host = host;
        this.refresh = scheduler.newTask("balancer-watch", this::refresh);
    }

    /** The watch sink of the balancer's connection: queue and wake, nothing else (any thread). */
    boolean deliver(String path, String token) {
        if (watching && (GLOBAL_TOKEN.equals(token) || token.startsWith(DOMAIN_TOKEN_PREFIX))) {
            inbox.add(new String[] {path, token});
            refresh.reschedule(0);
        }
        return true;
    }

    /** Watches the two special paths (whose initial events fill the cache) on {@code connection}. */
    void start(XsConnection connection) {
        xs = connection;
        watching = true;
        connection.watch("@introduceDomain", GLOBAL_TOKEN);
        connection.watch("@releaseDomain", GLOBAL_TOKEN);
        rescan();
    }

    /** Drops every watch and the cache: squeezed is gone. */
    void stop() {
        XsConnection c = xs;
        watching = false;
        refresh.cancel();
        inbox.clear();
        if (c != null) {
            try {
                c.unwatch("@introduceDomain", GLOBAL_TOKEN);
                c.unwatch("@releaseDomain", GLOBAL_TOKEN);
            } catch (XenException ignored) {
                // already gone
            }
            for (int domid : values.keySet()) {
                unwatchDomain(c, domid);
            }
        }
        values.clear();
    }

    boolean isWatching() {
        return watching;
    }

    /** Watch events handled so far. */
    long watchEvents() {
        return watchEvents;
    }

    /**
     * Applies every watch event delivered so far (under the engine lock), before a decision reads
     * the cache: the refresh task may be queued behind the decider's own task in the same jiffy.
     */
    void catchUp() {
        refresh();
    }

    private void refresh() {
        String[] e;
        boolean rescan = false;
        while ((e = inbox.poll()) != null) {
            watchEvents++;
            if (GLOBAL_TOKEN.equals(e[1])) {
                rescan = true;
                continue;
            }
            int domid;
            try {
                domid = Integer.parseInt(e[1].substring(DOMAIN_TOKEN_PREFIX.length()));
            } catch (NumberFormatException ex) {
                continue;
            }
            String key = keyOf(domid, e[0]);
            if (key != null && values.containsKey(domid)) {
                reload(domid, key);
            }
        }
        if (rescan) {
            rescan();
        }
    }

    /** The watched key an event path falls under (an event may name a child of it), or null. */
    private static @Nullable String keyOf(int domid, String path) {
        String home = NodePath.home(domid).value() + "/";
        if (!path.startsWith(home)) {
            return null;
        }
        String rest = path.substring(home.length());
        for (String key : KEYS) {
            if (rest.equals(key) || rest.startsWith(key + "/")) {
                return key;
            }
        }
        return null;
    }

    /** The hypervisor's domains but dom0 (squeezed's {@code domain_getinfolist}, manage-domain-zero off). */
    private void rescan() {
        XsConnection c = xs;
        if (c == null || !watching) {
            return;
        }
        Set<Integer> live = new TreeSet<>(host.domains());
        live.remove(0);
        for (int domid : new ArrayList<>(values.keySet())) {
            if (!live.contains(domid)) {
                unwatchDomain(c, domid);
                values.remove(domid);
            }
        }
        for (int domid : live) {
            if (!values.containsKey(domid)) {
                values.put(domid, new HashMap<>());
                for (String key : KEYS) {
                    reload(domid, key);
                    c.watch(path(domid, key), DOMAIN_TOKEN_PREFIX + domid);
                }
            }
        }
    }

    private static void unwatchDomain(XsConnection c, int domid) {
        for (String key : KEYS) {
            try {
                c.unwatch(path(domid, key), DOMAIN_TOKEN_PREFIX + domid);
            } catch (XenException ignored) {
                // the connection lost it already
            }
        }
    }

    private void reload(int domid, String key) {
        XsConnection c = xs;
        Map<String, String> domain = values.get(domid);
        if (c == null || domain == null) {
            return;
        }
        try {
            domain.put(key, new String(c.read(0, path(domid, key)), StandardCharsets.US_ASCII));
        } catch (XenException e) {
            domain.remove(key);
        }
    }

    static String path(int domid, String key) {
        return NodePath.home(domid).value() + "/" + key;
    }

    /** The domains squeezed knows, ascending. */
    Set<Integer> domains() {
        return values.keySet();
    }

    Optional<String> value(int domid, String key) {
        Map<String, String> domain = values.get(domid);
        return domain == null ? Optional.empty() : Optional.ofNullable(domain.get(key));
    }

    boolean exists(int domid, String key) {
        Map<String, String> domain = values.get(domid);
        return domain != null && domain.containsKey(key);
    }

    /** A cached decimal (squeezed's {@code Int64.of_string}, surrounding blanks allowed); empty if absent or not a number. */
    OptionalLong number(int domid, String key) {
        Optional<String> v = value(domid, key);
        if (v.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(v.get().trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Writes unless the cache holds the value already, and only for a domain still on the host
     * (squeezed writes in a transaction that first reads the domain's directory).
     */
    void write(int domid, String key, String value) {
        XsConnection c = xs;
        Map<String, String> domain = values.get(domid);
        if (c == null || domain == null || value.equals(domain.get(key)) || !host.hasDomain(domid)) {
            return;
        }
        try {
            c.write(0, path(domid, key), value.getBytes(StandardCharsets.US_ASCII));
            domain.put(key, value);
        } catch (XenException ignored) {
            // the domain went away between the two: squeezed's _noexn
        }
    }

    void remove(int domid, String key) {
        XsConnection c = xs;
        Map<String, String> domain = values.get(domid);
        if (c == null || domain == null || !domain.containsKey(key)) {
            return;
        }
        try {
            c.rm(0, path(domid, key));
        } catch (XenException ignored) {
            // gone already
        }
        domain.remove(key);
    }

    // ---- snapshots ----

    BalancerState.Cache capture() {
        Map<Integer, Map<String, String>> copy = new TreeMap<>();
        values.forEach((domid, keys) -> copy.put(domid, new TreeMap<>(keys)));
        List<List<String>> pending = new ArrayList<>();
        for (String[] e : inbox) {
            pending.add(List.of(e[0], e[1]));
        }
        return new BalancerState.Cache(watching, watchEvents, copy, pending, refresh.slot());
    }

    /**
     * Restore: the cache as saved, on {@code connection} (a fresh one: the restore closed the old),
     * its watches registered again without their initial events — the two special paths, then
     * each known domain's keys — and its refresh timer at its saved place.
     */
    void restore(BalancerState.Cache saved, @Nullable XsConnection connection) {
        inbox.clear();
        values.clear();
        saved.values().forEach((domid, keys) -> values.put(domid, new HashMap<>(keys)));
        for (List<String> e : saved.inbox()) {
            inbox.add(new String[] {e.get(0), e.get(1)});
        }
        watchEvents = saved.watchEvents();
        watching = saved.watching();
        xs = connection;
        if (connection != null && saved.watching()) {
            connection.restoreWatch("@introduceDomain", GLOBAL_TOKEN);
            connection.restoreWatch("@releaseDomain", GLOBAL_TOKEN);
            for (int domid : values.keySet()) {
                for (String key : KEYS) {
                    connection.restoreWatch(path(domid, key), DOMAIN_TOKEN_PREFIX + domid);
                }
            }
        }
        refresh.restore(saved.refreshTimer());
    }

    /** Checks a saved cache: every inbox entry a (path, token) pair. */
    static void verify(BalancerState.Cache saved) {
        for (List<String> e : saved.inbox()) {
            if (e.size() != 2) {
                throw XenException.invalid("balancer: a pending watch event must be [path, token]");
            }
        }
    }
}
