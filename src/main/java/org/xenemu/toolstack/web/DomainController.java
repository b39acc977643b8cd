package org.xenemu.toolstack.web;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.xenemu.balloon.BalloonView;
import org.xenemu.caller.Caller;
import org.xenemu.caller.TokenRegistry;
import org.xenemu.error.XenException;
import org.xenemu.guest.kernel.KernelConfig;
import org.xenemu.toolstack.DomainSpec;
import org.xenemu.toolstack.DomainType;
import org.xenemu.toolstack.DomainView;
import org.xenemu.toolstack.Toolstack;
import org.xenemu.web.ApiErrors;

/**
 * {@code /api/v1/domains}: the toolstack (create, destroy, {@code xl mem-set}, {@code xl mem-max};
 * dom0 only) and each domain's view (a guest may read its own).
 */
@RestController
@RequestMapping("/api/v1/domains")
@Tag(name = "domains", description = "Domain lifecycle and memory targets (xl create/destroy/mem-set/mem-max)")
@ApiErrors
class DomainController {
    private final Toolstack toolstack;

    DomainController(Toolstack toolstack) {
        this.toolstack = toolstack;
    }

    @GetMapping
    @Operation(summary = "All domains, dom0 first; dom0 only")
    List<DomainJson> list(Caller caller) {
        return toolstack.list(caller).stream().map(DomainJson::of).toList();
    }

    @PostMapping
    @Operation(summary = "Create a domain (all or nothing); dom0 only",
            description = "400 EINVAL for a bad spec or MemTotal below 4 MiB; 409 EEXIST for a taken name; "
                    + "507 ENOMEM when the host lacks memory. Token mode adds tokens {root, user}. dynamicMinKiB and "
                    + "dynamicMaxKiB (together) write the dynamic range; reservationId builds the domain from that ready "
                    + "reservation (404 ENOENT unknown, 409 EBUSY pending or used, 400 EINVAL failed).")
    ResponseEntity<DomainJson> create(Caller caller, @Valid @RequestBody CreateDomainRequest request) {
        Toolstack.Created created = toolstack.create(caller, request::toSpec);
        DomainJson view = DomainJson.of(created.view());
        created.tokens().ifPresent(view::withTokens);
        return ResponseEntity.created(URI.create("/api/v1/domains/" + created.view().domid())).body(view);
    }

    @GetMapping("/{domid}")
    @Operation(summary = "One domain: memory, NUMA split, balloon, meminfo and engine parts")
    DomainJson get(Caller caller, @PathVariable int domid) {
        return DomainJson.of(toolstack.view(caller, domid));
    }

    @DeleteMapping("/{domid}")
    @Operation(summary = "Destroy a domain; dom0 cannot be destroyed (409 EBUSY); dom0 only")
    ResponseEntity<Void> destroy(Caller caller, @PathVariable int domid) {
        toolstack.destroy(caller, domid);
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/{domid}/memory/target")
    @Operation(summary = "xl mem-set: writes xenstore memory/target = kib − videoram; kib − videoram above static-max "
            + "(or kib below videoram) is 400 EINVAL")
    ResponseEntity<Void> setTarget(Caller caller, @PathVariable int domid, @Valid @RequestBody KiBRequest request) {
        toolstack.setTarget(caller, domid, request.kib());
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/{domid}/memory/dynamic-range")
    @Operation(summary = "XAPI's dynamic range: writes xenstore memory/dynamic-min and memory/dynamic-max (KiB)",
            description = "0 < minKiB ≤ maxKiB ≤ static-max, else 400 EINVAL. A running balancer (squeezed) sees the "
                    + "new range through its watches and acts on it at its next periodic check.")
    ResponseEntity<Void> setDynamicRange(Caller caller, @PathVariable int domid,
                                         @Valid @RequestBody DynamicRangeRequest request) {
        toolstack.setDynamicRange(caller, domid, request.minKiB(), request.maxKiB());
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/{domid}/memory/max")
    @Operation(summary = "xl mem-max: the hypervisor's limit on the domain's pages; below current is 400 EINVAL")
    ResponseEntity<Void> setMax(Caller caller, @PathVariable int domid, @Valid @RequestBody KiBRequest request) {
        toolstack.setMax(caller, domid, request.kib());
        return ResponseEntity.noContent().build();
    }

    @JsonPropertyOrder({"domid", "name", "type", "homeNode", "staticMaxKiB", "videoramKiB", "maxKiB", "currentKiB",
            "pagesPerNode", "targetKiB", "balloon"})
    static final class DomainJson {
        public final int domid;
        public final String name;
        public final String type;
        public final int homeNode;
        public final long staticMaxKiB;
        public final long videoramKiB;
        public final long maxKiB;
        public final long currentKiB;
        public final Map<String, Long> pagesPerNode;
        public final long targetKiB;
        public final BalloonView balloon;
        private final Map<String, Object> parts;

        DomainJson(int domid, String name, String type, int homeNode, long staticMaxKiB, long videoramKiB, long maxKiB,
                   long currentKiB, Map<String, Long> pagesPerNode, long targetKiB, BalloonView balloon,
                   Map<String, Object> parts) {
            this.domid = domid;
            this.name = name;
            this.type = type;
            this.homeNode = homeNode;
            this.staticMaxKiB = staticMaxKiB;
            this.videoramKiB = videoramKiB;
            this.maxKiB = maxKiB;
            this.currentKiB = currentKiB;
            this.pagesPerNode = pagesPerNode;
            this.targetKiB = targetKiB;
            this.balloon = balloon;
            this.parts = parts;
        }

        /**
         * The engines' parts follow the toolstack's members: meminfo, then selfballoon; then the
         * memory-policy figures (dynamic range, internal free, stuck, uncooperative).
         */
        static DomainJson of(DomainView v) {
            Map<String, Object> parts = new LinkedHashMap<>();
            parts.put("meminfo", v.meminfo());
            v.selfballoon().ifPresent(s -> parts.put("selfballoon", s));
            v.memoryPolicy().ifPresent(p -> {
                if (p.dynamicMinKiB() != null) {
                    parts.put("dynamicMinKiB", p.dynamicMinKiB());
                }
                if (p.dynamicMaxKiB() != null) {
                    parts.put("dynamicMaxKiB", p.dynamicMaxKiB());
                }
                if (p.memoryInternalFreeKiB() != null) {
                    parts.put("memoryInternalFreeKiB", p.memoryInternalFreeKiB());
                }
                parts.put("stuck", p.stuck());
                parts.put("uncooperative", p.uncooperative());
            });
            return new DomainJson(v.domid(), v.name(), v.type(), v.homeNode(), v.staticMaxKiB(), v.videoramKiB(),
                    v.maxKiB(), v.currentKiB(), v.pagesPerNode(), v.targetKiB(), v.balloon(), parts);
        }

        void withTokens(TokenRegistry.DomainTokens tokens) {
            parts.put("tokens", Map.of("root", tokens.root(), "user", tokens.user()));
        }

        @JsonAnyGetter
        Map<String, Object> parts() {
            return parts;
        }
    }

    record KiBRequest(@NotNull @PositiveOrZero @Max(MAX_KIB) Long kib) {
    }

    record DynamicRangeRequest(@NotNull @Positive @Max(MAX_KIB) Long minKiB, @NotNull @Positive @Max(MAX_KIB) Long maxKiB) {
    }

    /** 1 PiB in KiB: far above any host, low enough that no page or KiB sum can overflow. */
    static final long MAX_KIB = 1L << 40;

    record KernelRequest(@PositiveOrZero @Max(MAX_KIB) @Nullable Long swapKiB, @Nullable Boolean tmem,
                         @Nullable Boolean nommu, @Nullable Integer overcommitMemory,
                         @PositiveOrZero @Nullable Integer overcommitRatio,
                         @PositiveOrZero @Max(MAX_KIB) @Nullable Long slabKiB) {
        KernelConfig toConfig() {
            KernelConfig d = KernelConfig.DEFAULTS;
            return new KernelConfig(swapKiB == null ? d.swapKiB() : swapKiB, tmem == null ? d.tmem() : tmem,
                    nommu == null ? d.nommu() : nommu,
                    overcommitMemory == null ? d.overcommitMemory() : overcommitMemory,
                    overcommitRatio == null ? d.overcommitRatio() : overcommitRatio,
                    slabKiB == null ? KernelConfig.AUTO : slabKiB, KernelConfig.AUTO);
        }
    }

    record CreateDomainRequest(@NotBlank String name, @NotNull @Positive @Max(MAX_KIB) Long memoryKiB,
                               @Positive @Max(MAX_KIB) @Nullable Long staticMaxKiB, @Nullable String type,
                               @PositiveOrZero @Max(MAX_KIB) @Nullable Long videoramKiB,
                               @PositiveOrZero @Nullable Integer homeNode, @Valid @Nullable KernelRequest kernel,
                               @Positive @Max(MAX_KIB) @Nullable Long dynamicMinKiB,
                               @Positive @Max(MAX_KIB) @Nullable Long dynamicMaxKiB,
                               @Size(min = 1, max = 64) @Nullable String reservationId) {
        DomainSpec toSpec() {
            DomainType t;
            if (type == null) {
                t = DomainType.PV;
            } else {
                try {
                    t = DomainType.valueOf(type.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw XenException.invalid("type must be PV or HVM");
                }
            }
            return new DomainSpec(name, memoryKiB, optional(staticMaxKiB), t, optional(videoramKiB),
                    homeNode == null ? OptionalInt.empty() : OptionalInt.of(homeNode),
                    kernel == null ? KernelConfig.DEFAULTS : kernel.toConfig(), optional(dynamicMinKiB),
                    optional(dynamicMaxKiB), Optional.ofNullable(reservationId));
        }

        private static OptionalLong optional(@Nullable Long kib) {
            return kib == null ? OptionalLong.empty() : OptionalLong.of(kib);
        }
    }
}
