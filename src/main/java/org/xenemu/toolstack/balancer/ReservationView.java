package org.xenemu.toolstack.balancer;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /host/reservations/{id}}: {@code kib} is what was asked (a {@code kib} request) or
 * granted (a range, once ready); {@code minKiB}/{@code maxKiB} only for a range. A failure has
 * {@code errno} (ENOMEM), {@code reason} ({@code cannot-free} / {@code domains-refused}), the blamed
 * {@code domids} and their {@code names}, and for cannot-free the amounts as squeezed reports them
 * to clients ({@code neededKiB}, {@code freeKiB}: both less the host free target). A transferred
 * one names the {@code domid} built from it. Times in jiffies.
 */
public record ReservationView(String id, String state, @Nullable Long kib, @Nullable Long minKiB,
                              @Nullable Long maxKiB, @Nullable String errno, @Nullable String reason,
                              @Nullable List<Integer> domids, @Nullable List<String> names,
                              @Nullable Long neededKiB, @Nullable Long freeKiB, @Nullable String detail,
                              @Nullable Integer domid, long requestedJiffies, @Nullable Long settledJiffies) {
}
