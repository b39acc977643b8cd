package org.xenemu.host;

/**
 * Adds a part to {@code GET /api/v1/domains/{domid}} without the host knowing the engine behind
 * it: the guest engine contributes {@code meminfo}, the selfballoon engine {@code selfballoon}.
 * Called under the engine lock; the returned object is serialised as JSON under {@link #part()}.
 */
public interface DomainViewContributor {
    String part();

    Object view(Domain domain);
}
