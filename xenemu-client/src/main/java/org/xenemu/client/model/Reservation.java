package org.xenemu.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A memory reservation ({@code GET /host/reservations/{id}}; docs/toolstack.md "Reservations"),
 * squeezed's {@code reserve_memory}.
 *
 * @param id               its id
 * @param state            {@code pending}, {@code ready}, {@code failed} (or {@code transferred}
 *                         once a domain was built from it)
 * @param kib              what was asked (a {@code kib} request) or granted (a range, once ready)
 * @param minKiB           a range's least
 * @param maxKiB           a range's most
 * @param errno            why it failed ({@code ENOMEM})
 * @param reason           {@code cannot-free} or {@code domains-refused}
 * @param domids           the domains blamed ({@code domains-refused})
 * @param names            their names
 * @param neededKiB        {@code cannot-free}: what squeezed needed (less the host free target)
 * @param freeKiB          {@code cannot-free}: what was free (less the host free target)
 * @param detail           the failure in words
 * @param domid            the domain built from it
 * @param requestedJiffies when it was asked for
 * @param settledJiffies   when it became ready or failed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Reservation(String id, String state, OptionalLong kib, OptionalLong minKiB, OptionalLong maxKiB,
                          Optional<String> errno, Optional<String> reason, List<Integer> domids, List<String> names,
                          OptionalLong neededKiB, OptionalLong freeKiB, Optional<String> detail, OptionalInt domid,
                          long requestedJiffies, OptionalLong settledJiffies) {
    public Reservation {
        kib = kib == null ? OptionalLong.empty() : kib;
        minKiB = minKiB == null ? OptionalLong.empty() : minKiB;
        maxKiB = maxKiB == null ? OptionalLong.empty() : maxKiB;
        errno = errno == null ? Optional.empty() : errno;
        reason = reason == null ? Optional.empty() : reason;
        domids = domids == null ? List.of() : List.copyOf(domids);
        names = names == null ? List.of() : List.copyOf(names);
        neededKiB = neededKiB == null ? OptionalLong.empty() : neededKiB;
        freeKiB = freeKiB == null ? OptionalLong.empty() : freeKiB;
        detail = detail == null ? Optional.empty() : detail;
        domid = domid == null ? OptionalInt.empty() : domid;
        settledJiffies = settledJiffies == null ? OptionalLong.empty() : settledJiffies;
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

    /** A domain was built from it ({@link #domid()}). */
    public boolean transferred() {
        return "transferred".equals(state);
    }
}
