package org.xenemu.balloon.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.xenemu.balloon.BalloonFacade;
import org.xenemu.balloon.BalloonFault;
import org.xenemu.balloon.BalloonView;
import org.xenemu.caller.Caller;
import org.xenemu.web.ApiErrors;

/**
 * The balloon driver seen from inside a guest: the sysfs attributes of
 * {@code /sys/devices/system/xen_memory/xen_memory0/} (text, byte for byte) and a JSON view.
 * A guest reaches only its own files (others: 403 EACCES); writes need root in the guest (EPERM).
 */
@RestController
@RequestMapping("/api/v1/domains/{domid}")
@Tag(name = "balloon", description = "The Xen balloon driver inside a guest")
@ApiErrors
class BalloonController {
    private static final String SYSFS = "/sysfs/devices/system/xen_memory/xen_memory0";
    private static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);

    private final BalloonFacade balloons;

    BalloonController(BalloonFacade balloons) {
        this.balloons = balloons;
    }

    @GetMapping("/balloon")
    @Operation(summary = "The balloon driver's state as JSON")
    BalloonView view(Caller caller, @PathVariable int domid) {
        return balloons.view(caller, domid);
    }

    @PutMapping("/balloon/fault")
    @Operation(summary = "Make the balloon driver misbehave (dom0 only): stuck, intermittent, a rate, a hidden floor or "
            + "ceiling", description = "mode none/stuck/intermittent; periodSeconds only (and required) with "
            + "intermittent; rateKiBPerSecond, floorKiB, ceilingKiB optional (not with stuck's rate: it moves nothing). "
            + "{\"mode\":\"none\"} makes it healthy again. Answers the driver's view, fault included.")
    BalloonView fault(Caller caller, @PathVariable int domid, @Valid @RequestBody FaultRequest request) {
        return balloons.setFault(caller, domid, request.toFault());
    }

    /** 1 PiB in KiB, the API's bound for sizes. */
    static final long MAX_KIB = 1L << 40;

    record FaultRequest(@NotNull @Pattern(regexp = "none|stuck|intermittent", message = "must be none, stuck or "
            + "intermittent") String mode, @Positive @Nullable BigDecimal periodSeconds,
                        @Positive @Max(MAX_KIB) @Nullable Long rateKiBPerSecond,
                        @PositiveOrZero @Max(MAX_KIB) @Nullable Long floorKiB,
                        @PositiveOrZero @Max(MAX_KIB) @Nullable Long ceilingKiB) {
        BalloonFault toFault() {
            return new BalloonFault(BalloonFault.Mode.ofWireName(mode),
                    periodSeconds == null ? OptionalLong.empty() : BalloonFault.periodOf(periodSeconds),
                    optional(rateKiBPerSecond), optional(floorKiB), optional(ceilingKiB));
        }

        private static OptionalLong optional(@Nullable Long value) {
            return value == null ? OptionalLong.empty() : OptionalLong.of(value);
        }
    }

    @GetMapping(SYSFS + "/{attr}")
    @Operation(summary = "Read a balloon attribute (target_kb, target, schedule_delay, max_schedule_delay, "
            + "retry_count, max_retry_count)")
    ResponseEntity<String> read(Caller caller, @PathVariable int domid, @PathVariable String attr) {
        return text(readAttribute(caller, domid, attr));
    }

    @GetMapping(SYSFS + "/info/{attr}")
    @Operation(summary = "Read info/current_kb, info/low_kb or info/high_kb")
    ResponseEntity<String> readInfo(Caller caller, @PathVariable int domid, @PathVariable String attr) {
        return text(readAttribute(caller, domid, "info/" + attr));
    }

    @PutMapping(SYSFS + "/{attr}")
    @Operation(summary = "Write a balloon attribute with the kernel's parser (raw text body)",
            description = "target_kb: simple_strtoull base 0 (garbage is 0); target: memparse; max_*: kstrtoul "
                    + "base 0 (EINVAL junk, ERANGE overflow). Read-only attributes: 403 EACCES; not root: 403 EPERM. "
                    + "An empty body is a zero-length write: 204 and nothing changes, as in Linux.")
    ResponseEntity<Void> write(Caller caller, @PathVariable int domid, @PathVariable String attr,
                               @RequestBody(required = false) byte @Nullable [] body) {
        writeAttribute(caller, domid, attr, body);
        return ResponseEntity.noContent().build();
    }

    @PutMapping(SYSFS + "/info/{attr}")
    @Operation(summary = "info/* are read-only: 403 EACCES")
    ResponseEntity<Void> writeInfo(Caller caller, @PathVariable int domid, @PathVariable String attr,
                                   @RequestBody(required = false) byte @Nullable [] body) {
        writeAttribute(caller, domid, "info/" + attr, body);
        return ResponseEntity.noContent().build();
    }

    private String readAttribute(Caller caller, int domid, String attr) {
        return balloons.read(caller, domid, attr);
    }

    private void writeAttribute(Caller caller, int domid, String attr, byte @Nullable [] body) {
        balloons.write(caller, domid, attr, body);
    }

    private static ResponseEntity<String> text(String value) {
        return ResponseEntity.ok().contentType(TEXT).body(value);
    }
}
