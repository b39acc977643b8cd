package org.xenemu.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * A domain's xenstore quotas ({@code GET /xenstore/quota/{domid}}; docs/xenstore.md "Quotas").
 *
 * @param domid      the domain
 * @param privileged dom0, whose quotas do not apply
 * @param limits     {@code nodes}, {@code watches}, … (0 = unlimited)
 * @param usage      {@code nodes}, {@code watches}, {@code transactions}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record XenstoreQuota(int domid, boolean privileged, Map<String, Long> limits, Map<String, Long> usage) {
    public XenstoreQuota {
        limits = limits == null ? Map.of() : Map.copyOf(limits);
        usage = usage == null ? Map.of() : Map.copyOf(usage);
    }
}
