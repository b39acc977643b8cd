package org.xenemu.clock.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.xenemu.caller.Caller;
import org.xenemu.clock.ClockControl;
import org.xenemu.clock.ClockMode;
import org.xenemu.web.ApiErrors;

/** {@code /api/v1/clock}: read the virtual clock, switch its mode, advance it in manual mode. */
@RestController
@RequestMapping("/api/v1/clock")
@Tag(name = "clock", description = "The virtual clock that drives every engine")
@ApiErrors
class ClockController {
    private final ClockControl control;

    ClockController(ClockControl control) {
        this.control = control;
    }

    @GetMapping
    @Operation(summary = "Read the clock")
    ClockView read() {
        return ClockView.of(control.read());
    }

    @PutMapping
    @Operation(summary = "Switch mode (realtime/manual) and optionally speed; dom0 only")
    ClockView update(Caller caller, @Valid @RequestBody ClockUpdate update) {
        return ClockView.of(control.reconfigure(caller, update.parsedMode(), update.speed()));
    }

    @PostMapping("/advance")
    @Operation(summary = "Advance manual time by seconds or jiffies, running every due engine step in order; dom0 only",
            description = "409 EBUSY in realtime mode.")
    ClockView advance(Caller caller, @RequestBody AdvanceRequest request) {
        return ClockView.of(control.advance(caller, request.seconds(), request.jiffies()));
    }

    record ClockView(String mode, int hz, long jiffies, long uptimeNanos, double speed) {
        static ClockView of(ClockControl.Reading r) {
            return new ClockView(r.mode().wireName(), r.hz(), r.jiffies(), r.uptimeNanos(), r.speed());
        }
    }

    record ClockUpdate(@NotNull @Pattern(regexp = "realtime|manual", message = "must be realtime or manual")
                       @Schema(allowableValues = {"realtime", "manual"}) String mode, @Nullable Double speed) {
        ClockMode parsedMode() {
            return ClockMode.valueOf(mode.toUpperCase(Locale.ROOT));
        }
    }

    /** Exactly one of the two (checked by the handler: a rule across fields names no field). */
    record AdvanceRequest(@Nullable BigDecimal seconds, @Nullable Long jiffies) {
    }
}
