package org.xenemu.xenstore;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.xenemu.xenstore.store.Quotas;

/**
 * {@code xenemu.xenstore.*}: per-domain quotas (XENSTORE.md "Quotas"; 0 disables one) and the
 * REST layer's idle-transaction timeout (API.md: 60 s of wall time).
 */
@ConfigurationProperties("xenemu.xenstore")
public record XenstoreProperties(@DefaultValue Quota quota,
                                 @DefaultValue("60") int restTransactionIdleSeconds,
                                 @DefaultValue("1024") int watchStreamQueue) {

    /** {@code xenemu.xenstore.quota.*}, defaults of C xenstored 4.17. */
    public record Quota(@DefaultValue("1000") int nodes,
                        @DefaultValue("128") int watches,
                        @DefaultValue("10") int transactions,
                        @DefaultValue("1024") int transactionNodes,
                        @DefaultValue("2048") int nodeSize,
                        @DefaultValue("5") int permissions,
                        @DefaultValue("2048") int pathMax,
                        @DefaultValue("20") int outstanding) {
        public Quotas toQuotas() {
            return new Quotas(nodes, watches, transactions, transactionNodes, nodeSize, permissions, pathMax, outstanding);
        }
    }
}
