package org.xenemu.selfballoon.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.math.BigInteger;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.xenemu.caller.Caller;
import org.xenemu.selfballoon.SelfballoonFacade;
import org.xenemu.selfballoon.SelfballoonView;
import org.xenemu.selfballoon.Tunable;
import org.xenemu.web.ApiErrors;

/** {@code /api/v1/domains/{domid}/selfballoon}: the JSON view of the tunables and the worker, for programs. */
@RestController
@RequestMapping("/api/v1/domains/{domid}/selfballoon")
@Tag(name = "selfballoon")
@ApiErrors
class SelfballoonController {
    private final SelfballoonFacade service;

    SelfballoonController(SelfballoonFacade service) {
        this.service = service;
    }

    @GetMapping
    @Operation(summary = "Tunables (as the sysfs files show them), worker state, last decision, self-shrink counters")
    SelfballoonView read(Caller caller, @PathVariable int domid) {
        return service.view(caller, domid);
    }

    @PatchMapping
    @Operation(summary = "Set several tunables at once, all or nothing",
            description = "Each given member is checked exactly as its sysfs store would check its decimal text "
                    + "(EPERM, EINVAL, ERANGE); nothing changes unless all pass. Numbers are applied before "
                    + "the switches, so a switch turned on here arms the worker with the new interval.")
    SelfballoonView patch(Caller caller, @PathVariable int domid, @Valid @RequestBody SelfballoonPatch patch) {
        return service.patch(caller, domid, patch.texts());
    }

    /** Integers only (a fraction or a string is 400 EINVAL); the store rules decide the rest. */
    record SelfballoonPatch(@Nullable BigInteger selfballooning, @Nullable BigInteger selfballoonInterval,
                            @Nullable BigInteger selfballoonDownhysteresis,
                            @Nullable BigInteger selfballoonUphysteresis,
                            @Nullable BigInteger selfballoonMinUsableMb, @Nullable BigInteger selfballoonReservedMb,
                            @Nullable BigInteger frontswapSelfshrinking, @Nullable BigInteger frontswapHysteresis,
                            @Nullable BigInteger frontswapInertia) {
        Map<Tunable, String> texts() {
            Map<Tunable, String> out = new EnumMap<>(Tunable.class);
            put(out, Tunable.SELFBALLOONING, selfballooning);
            put(out, Tunable.SELFBALLOON_INTERVAL, selfballoonInterval);
            put(out, Tunable.SELFBALLOON_DOWNHYSTERESIS, selfballoonDownhysteresis);
            put(out, Tunable.SELFBALLOON_UPHYSTERESIS, selfballoonUphysteresis);
            put(out, Tunable.SELFBALLOON_MIN_USABLE_MB, selfballoonMinUsableMb);
            put(out, Tunable.SELFBALLOON_RESERVED_MB, selfballoonReservedMb);
            put(out, Tunable.FRONTSWAP_SELFSHRINKING, frontswapSelfshrinking);
            put(out, Tunable.FRONTSWAP_HYSTERESIS, frontswapHysteresis);
            put(out, Tunable.FRONTSWAP_INERTIA, frontswapInertia);
            return out;
        }

        private static void put(Map<Tunable, String> out, Tunable t, @Nullable BigInteger value) {
            if (value != null) {
                // the decimal text of the number, so "-1" and 2^64 meet the same parser as sysfs
                out.put(t, value.toString());
            }
        }
    }
}
