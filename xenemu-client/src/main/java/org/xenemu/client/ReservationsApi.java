package org.xenemu.client;

import java.util.List;
import org.xenemu.client.model.Reservation;
import org.xenemu.client.model.ReservationRequest;

/**
 * {@code /api/v1/host/reservations}: memory set aside for a domain about to be built, as squeezed's
 * {@code reserve_memory} (docs/toolstack.md "Reservations"). A reservation is {@code pending}
 * until the balancer has freed the memory (guests balloon down as the virtual clock moves; under
 * {@code none} and {@code mom} it takes what is free at the next clock step), then {@code ready}
 * or {@code failed}; pass a ready one's id to
 * {@link org.xenemu.client.model.DomainSpec.Builder#reservation(String)}. dom0's.
 */
public final class ReservationsApi {
    private final Http http;

    ReservationsApi(Http http) {
        this.http = http;
    }

    /** Asks for memory: answers the reservation (202), pending until the clock moves. */
    public Reservation create(ReservationRequest request) {
        return http.readJson(http.sendJson("POST", Http.API + "/host/reservations", request), Reservation.class);
    }

    /** Every reservation kept, oldest first. */
    public List<Reservation> list() {
        return http.readJsonList(http.get(Http.API + "/host/reservations"), Reservation.class);
    }

    /** One reservation; 404 ENOENT for an unknown id. */
    public Reservation get(String id) {
        return http.readJson(http.get(path(id)), Reservation.class);
    }

    /** Releases what it holds (a pending one is dropped; squeezed stops working on it). */
    public void release(String id) {
        http.discard(http.sendEmpty("DELETE", path(id)));
    }

    private static String path(String id) {
        return Http.API + "/host/reservations/" + Http.encodeSegment(id);
    }
}
