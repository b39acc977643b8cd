package org.xenemu.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Optional;

/**
 * A memory reservation ({@code GET /host/reservations/{id}}; planned: toolstack.md "Reservations").
 *
 * @param id     its id
 * @param state  {@code pending}, {@code ready} or {@code failed}
 * @param kib    what it holds or asks for
 * @param errno  why it failed ({@code ENOMEM})
 * @param reason {@code cannot-free} or {@code domains-refused}
 * @param domids the domains blamed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Reservation(String id, String state, long kib, Optional<String> errno, Optional<String> reason,
                          List<Integer> domids) {
    public Reservation {
        errno = errno == null ? Optional.empty() : errno;
        reason = reason == null ? Optional.empty() : reason;
        domids = domids == null ? List.of() : List.copyOf(domids);
    }

    public boolean pending() {
        return "pending".equals(state);
    }

    public boolean ready() {
        return "ready".equals(state);
    }

    public boolean failed() {
        return "failed".equals(state);
    }
}
