package org.xenemu.toolstack;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.xenemu.error.XenException;

/**
 * The running domains by domid (dom0 included). Lookups are thread-safe; the domains' engine
 * state is still read under the engine lock. Only the {@link Toolstack} adds and removes.
 */
public final class DomainRegistry {
    private final ConcurrentSkipListMap<Integer, Domain> domains = new ConcurrentSkipListMap<>();
    /** The same domains by name (names are unique among running domains and never change). */
    private final ConcurrentHashMap<String, Domain> byName = new ConcurrentHashMap<>();

    public Optional<Domain> find(int domid) {
        return Optional.ofNullable(domains.get(domid));
    }

    /** The domain, or ENOENT. */
    public Domain get(int domid) {
        return find(domid).orElseThrow(() -> XenException.notFound("no domain " + domid));
    }

    /** Whether a running domain has this name: one lookup, not a walk (a fleet is built one domain at a time). */
    public boolean hasName(String name) {
        return byName.containsKey(name);
    }

    /** Domains in domid order. */
    public List<Domain> all() {
        return List.copyOf(domains.values());
    }

    public int size() {
        return domains.size();
    }

    void add(Domain domain) {
        domains.put(domain.domid(), domain);
        byName.put(domain.name(), domain);
    }

    void remove(int domid) {
        Domain gone = domains.remove(domid);
        if (gone != null) {
            byName.remove(gone.name(), gone);
        }
    }

    /** Restore: forgets every domain (the restore adds the saved ones back). */
    void clear() {
        domains.clear();
        byName.clear();
    }
}
