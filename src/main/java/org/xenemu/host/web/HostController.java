package org.xenemu.host.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.xenemu.caller.Caller;
import org.xenemu.clock.Scheduler;
import org.xenemu.error.XenException;
import org.xenemu.host.Host;
import org.xenemu.units.Pages;
import org.xenemu.web.ApiErrors;

/** {@code /api/v1/host}: the hypervisor's memory, per NUMA node, and operator pressure. dom0 only. */
@RestController
@RequestMapping("/api/v1/host")
@Tag(name = "host", description = "The emulated host: pages per NUMA node, Xen, tmem, pressure")
@ApiErrors
class HostController {
    private final Host host;
    private final Scheduler scheduler;

    HostController(Host host, Scheduler scheduler) {
        this.host = host;
        this.scheduler = scheduler;
    }

    @GetMapping
    @Operation(summary = "Host memory: total, free, Xen, pressure, tmem, policy, nodes with distances")
    HostView read(Caller caller) {
        verifyDom0(caller);
        return scheduler.locked(() -> HostView.of(host));
    }

    @PutMapping("/pressure")
    @Operation(summary = "Hold N KiB of host free memory away from everyone (absolute; takes only what is free)",
            description = "With node, only that node's pressure is set. Answers what the host now holds.")
    PressureView pressure(Caller caller, @Valid @RequestBody PressureRequest request) {
        verifyDom0(caller);
        return scheduler.locked(() -> {
            OptionalInt node = request.node() == null ? OptionalInt.empty() : OptionalInt.of(request.node());
            host.setPressure(Pages.fromKiB(request.kib()), node);
            List<Long> perNode = new ArrayList<>();
            for (int n = 0; n < host.nodeCount(); n++) {
                perNode.add(Pages.toKiB(host.pressurePages(n)));
            }
            return new PressureView(Pages.toKiB(host.pressurePages()), request.node(), perNode);
        });
    }

    static void verifyDom0(Caller caller) {
        if (!caller.isDom0()) {
            throw XenException.accessDenied("only dom0 (the toolstack) may do this");
        }
    }

    record PressureRequest(@NotNull @PositiveOrZero Long kib, @PositiveOrZero Integer node) {
    }

    record PressureView(long kib, Integer node, List<Long> nodesKiB) {
    }

    record NodeView(int node, long totalKiB, long freeKiB, long pressureKiB, List<Integer> distances) {
    }

    record HostView(long totalKiB, long freeKiB, long xenKiB, long pressureKiB, long tmemKiB, String allocationPolicy,
                    List<NodeView> nodes) {
        static HostView of(Host host) {
            List<NodeView> nodes = new ArrayList<>();
            for (int n = 0; n < host.nodeCount(); n++) {
                nodes.add(new NodeView(n, Pages.toKiB(host.totalPages(n)), Pages.toKiB(host.freePages(n)),
                        Pages.toKiB(host.pressurePages(n)),
                        Arrays.stream(host.distances(n)).boxed().toList()));
            }
            return new HostView(Pages.toKiB(host.totalPages()), Pages.toKiB(host.freePages()),
                    Pages.toKiB(host.xenPages()),
                    Pages.toKiB(host.pressurePages()), Pages.toKiB(host.tmemPages()), host.policy().wireName(), nodes);
        }
    }
}
