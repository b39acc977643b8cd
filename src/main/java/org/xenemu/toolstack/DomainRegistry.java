package org.xenemu.toolstack;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.xenemu.error.XenException;

/**
 * The running domains by domid (dom0 included). Lookups are thread-safe; the domains' engine
 * state is still read under the engine lock. Only the {@link Toolstack} adds and removes.
 */
public final class DomainRegistry {
    private final ConcurrentSkipListMap<Integer, Domain> domains = new ConcurrentSkipListMap<>();

    public Optional<Domain> find(int domid) {
        return Optional.ofNullable(domains.get(domid));
    }

    /** The domain, or ENOENT. */
    public Domain get(int domid) {
        return find(domid).orElseThrow(() -> XenException.notFound("no domain " + domid));
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
    }

    void remove(int domid) {
        domains.remove(domid);
    }

    /** Restore: forgets every domain (the restore adds the saved ones back). */
    void clear() {
        domains.clear();
    }
}
