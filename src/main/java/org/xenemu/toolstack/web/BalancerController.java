package org.xenemu.toolstack.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.xenemu.caller.Caller;
import org.xenemu.toolstack.balancer.Balancer;
import org.xenemu.toolstack.balancer.BalancerChange;
import org.xenemu.toolstack.balancer.BalancerView;
import org.xenemu.toolstack.balancer.Policy;
import org.xenemu.web.ApiErrors;

/** {@code /api/v1/host/balancer}: the host's memory decider (none, squeezed, MoM) and its last run. dom0 only. */
@RestController
@RequestMapping("/api/v1/host/balancer")
@Tag(name = "balancer", description = "The toolstack's memory policy: squeezed or MoM deciding the guests' targets")
@ApiErrors
class BalancerController {
    private final Balancer balancer;

    BalancerController(Balancer balancer) {
        this.balancer = balancer;
    }

    @GetMapping
    @Operation(summary = "The policy, its interval and host free target, and its last run (γ, targets, stuck, "
            + "uncooperative, outcome)")
    BalancerView read(Caller caller) {
        return balancer.view(caller);
    }

    @PutMapping
    @Operation(summary = "Switch the policy (none, squeezed, mom) and/or set intervalSeconds and hostFreeTargetKiB",
            description = "Absent members stay as they are. Switching squeezed off abandons its current call (the "
                    + "targets it set stay; a reservation it worked on is taken up by the next policy).")
    BalancerView update(Caller caller, @Valid @RequestBody BalancerRequest request) {
        return balancer.configure(caller, request.toChange());
    }

    record BalancerRequest(@Pattern(regexp = "none|squeezed|mom", message = "must be none, squeezed or mom")
                           @Nullable String policy,
                           @Min(1) @Max(86_400) @Nullable Long intervalSeconds,
                           @PositiveOrZero @Max(1L << 40) @Nullable Long hostFreeTargetKiB) {
        BalancerChange toChange() {
            return new BalancerChange(policy == null ? Optional.empty() : Optional.of(Policy.ofWireName(policy)),
                    intervalSeconds == null ? OptionalLong.empty() : OptionalLong.of(intervalSeconds),
                    hostFreeTargetKiB == null ? OptionalLong.empty() : OptionalLong.of(hostFreeTargetKiB));
        }
    }
}
