package org.xenemu.dashboard.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.xenemu.caller.Caller;
import org.xenemu.dashboard.HostSampler;
import org.xenemu.dashboard.SampleWindow;
import org.xenemu.web.ApiErrors;

/** {@code /api/v1/host/samples}: the host sampler's history, columnar, dom0 only. */
@RestController
@RequestMapping("/api/v1/host/samples")
@Tag(name = "host", description = "The emulated host: pages per NUMA node, Xen, tmem, pressure")
@ApiErrors
@Validated
class SamplesController {
    private final HostSampler sampler;

    SamplesController(HostSampler sampler) {
        this.sampler = sampler;
    }

    @GetMapping
    @Operation(summary = "The host's memory by owner and each domain's target, current and Committed_AS, "
            + "sampled on the virtual clock (dom0 only)",
            description = "Samples taken after jiffy `since` (absent: every sample the ring holds), oldest first, "
                    + "as columns. Ask again with since = latestJiffies for what is new. With `fleetAbove` = N and "
                    + "more than N guests in the window, `fleet` holds the guests' 10th/50th/90th percentiles "
                    + "and `domains` dom0's track only.")
    SampleWindow samples(Caller caller, @RequestParam(required = false) @Min(0) @Nullable Long since,
                         @RequestParam(required = false) @Min(0) @Nullable Integer fleetAbove) {
        return sampler.samples(caller, since == null ? -1 : since, fleetAbove == null ? -1 : fleetAbove);
    }
}
