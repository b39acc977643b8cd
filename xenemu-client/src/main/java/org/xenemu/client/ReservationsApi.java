package org.xenemu.client;

import java.util.List;
import org.xenemu.client.model.Reservation;
import org.xenemu.client.model.ReservationRequest;

/**
 * {@code /api/v1/host/reservations}: memory set aside for a domain about to be built, as squeezed's
 * {@code reserve_memory} (planned: toolstack.md "Reservations"). A reservation is {@code pending}
 * until the balancer has freed the memory (guests balloon down in virtual time), then
 * {@code ready} or {@code failed}; pass a ready one's id to
 * {@link org.xenemu.client.model.DomainSpec.Builder#reservation(String)}. dom0's.
 */
public final class ReservationsApi {
    private final Http http;

    ReservationsApi(Http http) {
        this.http = http;
    }

    /** Asks for memory: answers the reservation, usually still pending (202). */
    public Reservation create(ReservationRequest request) {
        return http.readJson(http.sendJson("POST", Http.API + "/host/reservations", request), Reservation.class);
    }

    /** Every reservation. */
    public List<Reservation> list() {
        return http.readJsonList(http.get(Http.API + "/host/reservations"), Reservation.class);
    }

    /** One reservation. */
    public Reservation get(String id) {
        return http.readJson(http.get(path(id)), Reservation.class);
    }

    /** Releases what it holds. */
    public void release(String id) {
        http.discard(http.sendEmpty("DELETE", path(id)));
    }

    private static String path(String id) {
        return Http.API + "/host/reservations/" + Http.encodeSegment(id);
    }
}
