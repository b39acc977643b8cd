package org.xenemu.toolstack.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.PositiveOrZero;
import java.net.URI;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.xenemu.caller.Caller;
import org.xenemu.toolstack.balancer.Balancer;
import org.xenemu.toolstack.balancer.ReservationRequest;
import org.xenemu.toolstack.balancer.ReservationView;
import org.xenemu.web.ApiErrors;

/**
 * {@code /api/v1/host/reservations}: memory held for a domain yet to be built (squeezed's
 * {@code reserve_memory}). A reservation is pending until the decider has the memory; then ready
 * (held) or failed (ENOMEM with squeezed's reason). dom0 only.
 */
@RestController
@RequestMapping("/api/v1/host/reservations")
@Tag(name = "reservations", description = "Memory reserved for building a domain on a busy host")
@ApiErrors
class ReservationController {
    private final Balancer balancer;

    ReservationController(Balancer balancer) {
        this.balancer = balancer;
    }

    @PostMapping
    @Operation(summary = "Reserve {kib} or a range {minKiB, maxKiB}: 202 pending, ready or failed as the clock moves",
            description = "Under squeezed the guests are squeezed for it (it may take virtual seconds); under none and "
                    + "mom it takes what is free at the next step, or fails cannot-free. Build a domain from a ready one "
                    + "with POST /domains {\"reservationId\"}.")
    ResponseEntity<ReservationView> reserve(Caller caller, @Valid @RequestBody ReserveRequest request) {
        ReservationView view = balancer.reserve(caller, request.toRequest());
        return ResponseEntity.accepted().location(URI.create("/api/v1/host/reservations/" + view.id())).body(view);
    }

    @GetMapping
    @Operation(summary = "Every reservation, oldest first")
    List<ReservationView> list(Caller caller) {
        return balancer.reservations(caller);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One reservation: state, kib, and for a failure errno, reason, blamed domids and names")
    ReservationView read(Caller caller, @PathVariable String id) {
        return balancer.reservation(caller, id);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Release what it holds (a pending one is dropped; squeezed stops working on it)")
    ResponseEntity<Void> release(Caller caller, @PathVariable String id) {
        balancer.release(caller, id);
        return ResponseEntity.noContent().build();
    }

    record ReserveRequest(@PositiveOrZero @Max(ReservationRequest.MAX_KIB) @Nullable Long kib,
                          @PositiveOrZero @Max(ReservationRequest.MAX_KIB) @Nullable Long minKiB,
                          @PositiveOrZero @Max(ReservationRequest.MAX_KIB) @Nullable Long maxKiB) {
        ReservationRequest toRequest() {
            return new ReservationRequest(optional(kib), optional(minKiB), optional(maxKiB));
        }

        private static OptionalLong optional(@Nullable Long v) {
            return v == null ? OptionalLong.empty() : OptionalLong.of(v);
        }
    }
}
