package org.xenemu.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Optional;

/**
 * A scenario run ({@code GET /scenarios/{id}}; docs/scenarios.md "Running it").
 *
 * @param id             its id
 * @param name           the document's name
 * @param state          {@code running}, {@code done}, {@code failed} or {@code cancelled}
 * @param progress       fraction of virtual time done
 * @param virtualSeconds virtual time run
 * @param wallSeconds    wall time taken
 * @param error          why it failed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Scenario(String id, String name, String state, double progress, double virtualSeconds,
                       double wallSeconds, Optional<String> error) {
    public Scenario {
        error = error == null ? Optional.empty() : error;
    }

    /** True once it is done, failed or cancelled. */
    public boolean finished() {
        return "done".equals(state) || "failed".equals(state) || "cancelled".equals(state);
    }
}
