package org.xenemu.toolstack.balancer;

/**
 * The decider's view of one domain, for {@code GET /domains/{domid}}: squeezed gave up on it in the
 * current or the latest run ({@code stuck}); it is flagged {@code memory/uncooperative}.
 */
public record DomainBalance(boolean stuck, boolean uncooperative) {
    public static final DomainBalance NONE = new DomainBalance(false, false);
}
