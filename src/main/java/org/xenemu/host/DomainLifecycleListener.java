package org.xenemu.host;

/**
 * The hook through which per-domain engines (selfballoon, guest workload, ...) attach to domains
 * without the host knowing them. Every Spring bean implementing it is called by
 * {@link DomainService}, in {@code @Order}, while the scheduler's engine lock is held:
 * <ul>
 * <li>{@link #domainCreated} after the domain's memory, xenstore keys, introduction and balloon
 *     driver are in place (also for dom0 at start), before {@code DomainCreated} is published;</li>
 * <li>{@link #domainDestroyed} first thing on destroy, while the domain still owns its pages and
 *     its xenstore home still exists: stop timers, close connections, give back tmem.</li>
 * </ul>
 * A listener that throws from {@code domainCreated} makes the creation fail and be rolled back.
 */
public interface DomainLifecycleListener {
    void domainCreated(Domain domain);

    void domainDestroyed(Domain domain);
}
