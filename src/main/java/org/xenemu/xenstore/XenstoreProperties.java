package org.xenemu.xenstore;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;
import org.xenemu.xenstore.store.Quotas;

/**
 * {@code xenemu.xenstore.*}: per-domain quotas (XENSTORE.md "Quotas"; 0 disables one), the
 * REST layer's idle-transaction timeout (API.md: 60 s of wall time) and per-watch-stream queue, and
 * {@code max-introduced-domains}: how many domains besides dom0 may be introduced at a time
 * (INTRODUCE past it is ENOMEM; 0 = no bound; at most 32,751, the domids below DOMID_FIRST_RESERVED).
 * Checked at startup: a negative quota, or a timeout or queue below 1 (which would abort every
 * REST transaction at once, or refuse every watch stream), stops the service with a message
 * naming the property.
 */
@ConfigurationProperties("xenemu.xenstore")
@Validated
public record XenstoreProperties(@DefaultValue @Valid Quota quota,
                                 @DefaultValue("60") @Min(1) @Max(86_400) int restTransactionIdleSeconds,
                                 @DefaultValue("1024") @Min(1) @Max(1_000_000) int watchStreamQueue,
                                 @DefaultValue("1024") @Min(0) @Max(32_751) int maxIntroducedDomains) {

    /** {@code xenemu.xenstore.quota.*}, defaults of C xenstored 4.17; 0 disables one. */
    public record Quota(@DefaultValue("1000") @Min(0) int nodes,
                        @DefaultValue("128") @Min(0) int watches,
                        @DefaultValue("10") @Min(0) int transactions,
                        @DefaultValue("1024") @Min(0) int transactionNodes,
                        @DefaultValue("2048") @Min(0) int nodeSize,
                        @DefaultValue("5") @Min(0) int permissions,
                        @DefaultValue("2048") @Min(0) int pathMax,
                        @DefaultValue("20") @Min(0) int outstanding) {
        public Quotas toQuotas() {
            return new Quotas(nodes, watches, transactions, transactionNodes, nodeSize, permissions, pathMax, outstanding);
        }
    }
}
