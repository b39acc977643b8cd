package org.xenemu.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A domain's bearer tokens in token mode (docs/api.md "Callers"): root inside the guest, and an
 * ordinary user. Destroying the domain revokes them.
 *
 * @param root the guest's root
 * @param user an ordinary user inside the guest
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DomainTokens(String root, String user) {
    @Override
    public String toString() {
        return "DomainTokens[root=…, user=…]";
    }
}
