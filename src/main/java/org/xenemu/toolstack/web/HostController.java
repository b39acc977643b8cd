package org.xenemu.toolstack.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.xenemu.caller.Caller;
import org.xenemu.toolstack.HostView;
import org.xenemu.toolstack.PressureView;
import org.xenemu.toolstack.Toolstack;
import org.xenemu.web.ApiErrors;

/** {@code /api/v1/host}: the hypervisor's memory, per NUMA node, and operator pressure. dom0 only. */
@RestController
@RequestMapping("/api/v1/host")
@Tag(name = "host", description = "The emulated host: pages per NUMA node, Xen, tmem, pressure")
@ApiErrors
class HostController {
    private final Toolstack toolstack;

    HostController(Toolstack toolstack) {
        this.toolstack = toolstack;
    }

    @GetMapping
    @Operation(summary = "Host memory: total, free, Xen, pressure, tmem, policy, nodes with distances")
    HostView read(Caller caller) {
        return toolstack.host(caller);
    }

    @PutMapping("/pressure")
    @Operation(summary = "Hold N KiB of host free memory away from everyone (absolute; takes only what is free)",
            description = "With node, only that node's pressure is set. Answers what the host now holds.")
    PressureView pressure(Caller caller, @Valid @RequestBody PressureRequest request) {
        OptionalInt node = request.node() == null ? OptionalInt.empty() : OptionalInt.of(request.node());
        return toolstack.setPressure(caller, request.kib(), node);
    }

    /** {@code kib} at most 2^40 (1 PiB), as every size in KiB: above it is 400 EINVAL, not quietly all that is free. */
    record PressureRequest(@NotNull @PositiveOrZero @Max(DomainController.MAX_KIB) Long kib,
                           @PositiveOrZero @Nullable Integer node) {
    }
}
