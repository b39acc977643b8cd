package org.xenemu.toolstack.balancer;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One reservation and what became of it; touched under the engine lock only. */
final class MemoryReservation {
    final String id;
    final ReservationRequest request;
    final long requestedJiffies;
    ReservationState state = ReservationState.PENDING;
    /** What it holds (or held) for the domain, KiB; -1 before it is ready. */
    long kib = -1;
    @Nullable String errno;
    @Nullable String reason;
    @Nullable List<Integer> domids;
    @Nullable List<String> names;
    @Nullable Long neededKiB;
    @Nullable Long freeKiB;
    @Nullable String detail;
    int domid = -1;
    long settledJiffies = -1;

    MemoryReservation(String id, ReservationRequest request, long requestedJiffies) {
        this.id = id;
        this.request = request;
        this.requestedJiffies = requestedJiffies;
    }

    ReservationView view() {
        Long shownKiB = null;
        if (!request.isRange()) {
            shownKiB = request.kib().getAsLong();
        } else if (kib >= 0) {
            shownKiB = kib;
        }
        return new ReservationView(id, state.wireName(), shownKiB,
                request.isRange() ? request.minKiB().getAsLong() : null,
                request.isRange() ? request.maxKiB().getAsLong() : null,
                errno, reason, domids, names, neededKiB, freeKiB, detail, domid >= 0 ? domid : null,
                requestedJiffies, settledJiffies >= 0 ? settledJiffies : null);
    }
}
