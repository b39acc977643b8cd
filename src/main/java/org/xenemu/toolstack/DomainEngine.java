package org.xenemu.toolstack;

/**
 * One per-domain engine as the {@link DomainComposer} plugs it in after the domain's kernel and
 * balloon driver: {@link GuestEngines} (workload, overcommit, reclaim, meminfo) and
 * {@link SelfballoonEngine}, in that order. Each adapts the domain to its engine module's port
 * and attaches it to that module's facade, where the engine's per-domain state lives.
 * <ul>
 * <li>{@link #attach} runs under the engine lock once the domain's memory, xenstore keys,
 *     introduction and balloon driver are in place (also for dom0 at start), before
 *     {@code DomainCreated} is published; one that throws makes the creation fail and be rolled
 *     back (the engines attached before it are detached, in reverse).</li>
 * <li>{@link #detach} runs first thing on destroy, in reverse order, while the domain still owns
 *     its pages and its xenstore home still exists: stop timers, close connections, give back tmem.</li>
 * </ul>
 */
public interface DomainEngine {
    void attach(Domain domain);

    void detach(Domain domain);
}
