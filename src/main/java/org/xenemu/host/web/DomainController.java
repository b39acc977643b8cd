package org.xenemu.host.web;

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
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import org.springframework.beans.factory.ObjectProvider;
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
import org.xenemu.clock.Scheduler;
import org.xenemu.error.XenException;
import org.xenemu.guest.GuestKernel;
import org.xenemu.guest.KernelConfig;
import org.xenemu.host.Domain;
import org.xenemu.host.DomainService;
import org.xenemu.host.DomainSpec;
import org.xenemu.host.DomainType;
import org.xenemu.host.DomainViewContributor;
import org.xenemu.units.Pages;
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
    private final DomainService domains;
    private final Scheduler scheduler;
    private final ObjectProvider<DomainViewContributor> contributors;

    DomainController(DomainService domains, Scheduler scheduler, ObjectProvider<DomainViewContributor> contributors) {
        this.domains = domains;
        this.scheduler = scheduler;
        this.contributors = contributors;
    }

    @GetMapping
    @Operation(summary = "All domains, dom0 first; dom0 only")
    List<DomainView> list(Caller caller) {
        HostController.verifyDom0(caller);
        return scheduler.locked(() -> domains.registry().all().stream().map(this::view).toList());
    }

    @PostMapping
    @Operation(summary = "Create a domain (all or nothing); dom0 only",
            description = "400 EINVAL for a bad spec or MemTotal below 4 MiB; 409 EEXIST for a taken name; "
                    + "507 ENOMEM when the host lacks memory. Token mode adds tokens {root, user}.")
    ResponseEntity<DomainView> create(Caller caller, @Valid @RequestBody CreateDomainRequest request) {
        HostController.verifyDom0(caller);
        DomainService.Created created = domains.create(request.toSpec());
        DomainView view = scheduler.locked(() -> view(created.domain()));
        created.tokens().ifPresent(view::withTokens);
        return ResponseEntity.created(URI.create("/api/v1/domains/" + created.domain().domid())).body(view);
    }

    @GetMapping("/{domid}")
    @Operation(summary = "One domain: memory, NUMA split, balloon, meminfo and engine parts")
    DomainView get(Caller caller, @PathVariable int domid) {
        return scheduler.locked(() -> view(domains.registry().verifyReachable(caller, domid)));
    }

    @DeleteMapping("/{domid}")
    @Operation(summary = "Destroy a domain; dom0 cannot be destroyed (409 EBUSY); dom0 only")
    ResponseEntity<Void> destroy(Caller caller, @PathVariable int domid) {
        HostController.verifyDom0(caller);
        domains.destroy(domid);
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/{domid}/memory/target")
    @Operation(summary = "xl mem-set: writes xenstore memory/target = kib − videoram; kib − videoram above static-max "
            + "(or kib below videoram) is 400 EINVAL")
    ResponseEntity<Void> setTarget(Caller caller, @PathVariable int domid, @Valid @RequestBody KiBRequest request) {
        HostController.verifyDom0(caller);
        domains.setTarget(domid, request.kib());
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/{domid}/memory/max")
    @Operation(summary = "xl mem-max: the hypervisor's limit on the domain's pages; below current is 400 EINVAL")
    ResponseEntity<Void> setMax(Caller caller, @PathVariable int domid, @Valid @RequestBody KiBRequest request) {
        HostController.verifyDom0(caller);
        domains.setMax(domid, request.kib());
        return ResponseEntity.noContent().build();
    }

    private DomainView view(Domain d) {
        Map<String, Object> parts = new LinkedHashMap<>();
        contributors.orderedStream().forEach(c -> parts.put(c.part(), c.view(d)));
        parts.putIfAbsent("meminfo", MeminfoSummary.of(d.kernel()));
        Map<String, Long> perNode = new LinkedHashMap<>();
        long[] pages = d.pagesPerNode();
        for (int n = 0; n < pages.length; n++) {
            perNode.put(Integer.toString(n), pages[n]);
        }
        return new DomainView(d.domid(), d.name(), d.type().name(), d.homeNode(), d.staticMaxKiB(), d.videoramKiB(),
                Pages.toKiB(d.maxPages()), Pages.toKiB(d.ownedPages()), perNode, d.balloon().targetKiB(),
                BalloonView.of(d.balloon()),
                parts);
    }

    @JsonPropertyOrder({"domid", "name", "type", "homeNode", "staticMaxKiB", "videoramKiB", "maxKiB", "currentKiB",
            "pagesPerNode", "targetKiB", "balloon"})
    static final class DomainView {
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

        DomainView(int domid, String name, String type, int homeNode, long staticMaxKiB, long videoramKiB, long maxKiB,
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

        void withTokens(TokenRegistry.DomainTokens tokens) {
            parts.put("tokens", Map.of("root", tokens.root(), "user", tokens.user()));
        }

        @JsonAnyGetter
        Map<String, Object> parts() {
            return parts;
        }
    }

    /**
     * A small meminfo used until an engine contributes the full one ({@code guest.MeminfoView}):
     * same member names, a subset of its members. SwapFree leaves out the slots frontswap pages
     * hold, as the full view does.
     */
    record MeminfoSummary(long memTotalKiB, long memFreeKiB, long memAvailableKiB, long cachedKiB, long slabKiB,
                          long anonPagesKiB, long swapTotalKiB, long swapFreeKiB, long committedAsKiB) {
        static MeminfoSummary of(GuestKernel k) {
            return new MeminfoSummary(Pages.toKiB(k.totalramPages()), Pages.toKiB(k.freePages()),
                    Pages.toKiB(k.memAvailablePages()),
                    Pages.toKiB(k.filePages()), Pages.toKiB(k.slabPages()), Pages.toKiB(k.anonPages()),
                    Pages.toKiB(k.swapTotalPages()),
                    Pages.toKiB(k.swapTotalPages() - k.swapUsedPages() - k.frontswapPages()),
                    Pages.toKiB(k.committedAsPages()));
        }
    }

    record KiBRequest(@NotNull @PositiveOrZero @Max(MAX_KIB) Long kib) {
    }

    /** 1 PiB in KiB: far above any host, low enough that no page or KiB sum can overflow. */
    static final long MAX_KIB = 1L << 40;

    record KernelRequest(@PositiveOrZero @Max(MAX_KIB) Long swapKiB, Boolean tmem, Boolean nommu,
            Integer overcommitMemory,
                         @PositiveOrZero Integer overcommitRatio, @PositiveOrZero @Max(MAX_KIB) Long slabKiB) {
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
                               @Positive @Max(MAX_KIB) Long staticMaxKiB, String type,
                               @PositiveOrZero @Max(MAX_KIB) Long videoramKiB, @PositiveOrZero Integer homeNode,
                               @Valid KernelRequest kernel) {
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
            return new DomainSpec(name, memoryKiB, staticMaxKiB == null ? 0 : staticMaxKiB, t,
                    videoramKiB == null ? -1 : videoramKiB,
                    homeNode == null ? OptionalInt.empty() : OptionalInt.of(homeNode),
                    kernel == null ? KernelConfig.DEFAULTS : kernel.toConfig());
        }
    }
}
